"""Drive the real explorer in a real terminal multiplexer, as a person would."""
import os, subprocess, time, uuid

class Tmux:
    """One detached tmux session running a command in a fixed-size window."""

    def __init__(self, command, width=120, height=40, env=None):
        self.name = "tangle-e2e-" + uuid.uuid4().hex[:8]
        self.socket = "tangle-e2e"
        environment = " ".join(f"{k}={v}" for k, v in (env or {}).items())
        shell = f"{environment} {command}; echo TANGLE-EXIT=$?; sleep 30"
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", self.name,
                        "-x", str(width), "-y", str(height), "bash", "--norc", "--noprofile", "-c", shell], check=True)

    def keys(self, *keys, literal=False):
        args = ["tmux", "-L", self.socket, "send-keys", "-t", self.name]
        if literal: args.append("-l")
        subprocess.run(args + list(keys), check=True)

    def screen(self):
        r = subprocess.run(["tmux", "-L", self.socket, "capture-pane", "-p", "-t", self.name],
                           capture_output=True, text=True)
        return r.stdout

    def wait_for(self, text, timeout=20.0, absent=False):
        """Waits until `text` is (or is no longer) on screen; returns the screen."""
        deadline = time.time() + timeout
        screen = ""
        while time.time() < deadline:
            screen = self.screen()
            if (text in screen) != absent:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{'still' if absent else 'never'} saw {text!r} on screen:\n{screen}")

    def resize(self, width, height):
        subprocess.run(["tmux", "-L", self.socket, "resize-window", "-t", self.name, "-x", str(width), "-y", str(height)], check=True)

    def pane_pid(self):
        r = subprocess.run(["tmux", "-L", self.socket, "list-panes", "-t", self.name, "-F", "#{pane_pid}"],
                           capture_output=True, text=True, check=True)
        return int(r.stdout.split()[0])

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-session", "-t", self.name], capture_output=True)
