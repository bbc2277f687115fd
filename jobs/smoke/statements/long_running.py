import time
def _hold(_):
    time.sleep(600)
    return 1
sc.parallelize(range(2), 2).map(_hold).count()
