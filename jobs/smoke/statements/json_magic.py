x = [{'a': 1, 'b': 'two'}]
%json x
