"""The processes under test: the fake Livy and `steward serve` (killed and restarted), and a
sampler of the server's memory and file descriptors."""

import ctypes
import os
import resource
import signal
import subprocess
import threading
import time


PR_SET_PDEATHSIG = 1


def die_with_parent(sig=signal.SIGKILL):
    """Asks Linux to send `sig` to this process when the thread that started it ends, so that
    nothing the soak started outlives it (a ctest timeout, Ctrl-C)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _allow_core_dumps():
    """In the child before exec: core files (in the work directory) for a crash's evidence, and
    death with the soak."""
    die_with_parent()
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
    except (ValueError, OSError):
        pass


class FakeLivy:
    """fake_livy_server with random faults, recording creates and deletes to `record`."""

    def __init__(self, binary, work, fault_rate, seed, slow_part, slow_seconds):
        self.record = os.path.join(work, "livy-record.jsonl")
        self.log = open(os.path.join(work, "fake-livy.log"), "ab")
        args = [binary, "--fault-rate", str(fault_rate), "--seed", str(seed), "--record", self.record,
                "--session-start-seconds", "0.3", "--statement-seconds", "0.1",
                "--batch-start-seconds", "0.2", "--batch-seconds", "0.5",
                "--batch-seconds-for", f"{slow_part}={slow_seconds}"]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, preexec_fn=die_with_parent)
        line = self.proc.stdout.readline().decode().strip()
        if not line.isdigit():
            raise RuntimeError(f"fake_livy_server printed no port (got {line!r}); see {self.log.name}")
        self.port = int(line)
        self.url = f"http://127.0.0.1:{self.port}"

    def faults_off(self):
        """SIGUSR1: no more injected faults (for the final look at what Livy holds)."""
        self.proc.send_signal(signal.SIGUSR1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Steward:
    """`steward serve` started, SIGKILLed and restarted; `on_url` gets each start's address."""

    def __init__(self, binary, config, work, on_url):
        self.binary = binary
        self.config = config
        self.work = work
        self.on_url = on_url
        self.proc = None
        self.starts = 0
        self.kills = 0
        self.peak_rss_kb = 0
        self.peak_fds = 0
        self.crashes = []  # (start number, exit status) of exits nobody asked for
        self._sampling = True
        self._lock = threading.Lock()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def start(self, timeout=60):
        self.starts += 1
        out_path = os.path.join(self.work, f"serve-{self.starts}.out")
        with open(out_path, "wb") as out, open(os.path.join(self.work, "steward.log"), "ab") as err:
            err.write(f"=== start {self.starts} at {time.strftime('%H:%M:%S')} ===\n".encode())
            err.flush()
            proc = subprocess.Popen([self.binary, "serve", "--config", self.config], stdout=out, stderr=err,
                                    cwd=self.work, preexec_fn=_allow_core_dumps)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(out_path, "rb") as out:
                for line in out.read().decode(errors="replace").splitlines():
                    if line.startswith("steward: listening on "):
                        with self._lock:
                            self.proc = proc
                        self.on_url(line[len("steward: listening on "):].strip())
                        return
            if proc.poll() is not None:
                raise RuntimeError(f"steward serve exited with {proc.returncode}; see {self.work}/steward.log")
            time.sleep(0.02)
        proc.kill()
        raise RuntimeError(f"steward serve did not start in {timeout}s; see {self.work}/steward.log")

    def check_alive(self):
        """True while the server runs; after an exit nobody asked for (a crash), records it and
        returns False (the caller restarts it, as a supervisor would)."""
        with self._lock:
            proc = self.proc
        if proc is None or proc.poll() is None:
            return True
        with self._lock:
            self.proc = None
        self.on_url(None)
        self.crashes.append((self.starts, proc.returncode))
        return False

    def kill(self):
        """SIGKILL, as a crash: nothing is flushed or closed by the server."""
        with self._lock:
            proc, self.proc = self.proc, None
        self.on_url(None)
        if proc is None:
            return
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.kills += 1

    def stop(self):
        """SIGTERM and wait; returns the exit status."""
        with self._lock:
            proc, self.proc = self.proc, None
        self.on_url(None)
        self._sampling = False
        if proc is None:
            return None
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()

    def diagnose(self, why):
        """Writes the running server's threads' stacks (gdb, when installed) and its CPU time to
        hang-<start>.txt in the work directory; returns that path."""
        with self._lock:
            pid = self.proc.pid if self.proc else None
        path = os.path.join(self.work, f"hang-{self.starts}.txt")
        with open(path, "w") as out:
            out.write(f"{why}\npid {pid}\n")
            if pid is None:
                return path
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                out.write(f"state {fields[0]}, utime {fields[11]} stime {fields[12]} (ticks)\n")
                out.write(f"open fds {len(os.listdir(f'/proc/{pid}/fd'))}\n")
            except OSError as error:
                out.write(f"/proc: {error}\n")
            out.flush()
            try:
                subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "thread apply all bt"],
                               stdout=out, stderr=subprocess.STDOUT, timeout=120)
            except (OSError, subprocess.TimeoutExpired) as error:
                out.write(f"gdb: {error}\n")
        return path

    def _sample(self):
        while self._sampling:
            with self._lock:
                pid = self.proc.pid if self.proc else None
            if pid:
                try:
                    with open(f"/proc/{pid}/status") as status:
                        for line in status:
                            if line.startswith("VmHWM:"):
                                self.peak_rss_kb = max(self.peak_rss_kb, int(line.split()[1]))
                    self.peak_fds = max(self.peak_fds, len(os.listdir(f"/proc/{pid}/fd")))
                except (OSError, ValueError):
                    pass  # it just died
            time.sleep(0.2)
