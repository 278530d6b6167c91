"""A real browser on the side server: headless Chromium opens the viewer with
the token, sees the picture change while the stand-in explorer's layout runs,
drags on the image and the explorer's camera (in /stats.json) follows, and
sees the page say so when the explorer exits and comes back. Screenshots go
to $E2E_OUT (default .build/e2e-out) — look at them."""
import json, os, shutil, time
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from stream_helpers import OUT, start_publisher, start_server, stop, stats, get


def wait_for(predicate, timeout=20.0, step=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    assert chromium and driver_path, "needs Debian's chromium and chromium-driver (scripts/install-deps.sh test)"
    options = Options()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


@pytest.fixture
def explorer(tmp_path):
    log = tmp_path / "events.jsonl"
    pub, info = start_publisher("--size", "1280x720", "--fps", "30", "--event-log", str(log))
    info["event_log"] = log
    yield pub, info
    stop(pub)


def logged_events(info):
    """The events the stand-in explorer took from its FrameBus queue, in order."""
    text = info["event_log"].read_text() if info["event_log"].exists() else ""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def viewer(driver):
    return driver.execute_script("return window.tangleViewer")


def drag_view(browser, info, start, step, min_shift, what):
    """Drags across the viewer's image (from `start` off its centre, ten
    moves of `step`) once its WebSocket is open; returns the explorer's
    camera before, and after its centre moved by more than `min_shift`."""
    before = stats(info)["explorer"]["camera"]
    image = browser.find_element(By.ID, "view")
    wait_for(lambda: viewer(browser)["socketOpen"], what="WebSocket open")
    actions = ActionChains(browser, duration=20)
    actions.move_to_element_with_offset(image, *start).click_and_hold()
    for _ in range(10):
        actions.move_by_offset(*step)
    actions.release().perform()
    after = wait_for(lambda: (lambda c: c if abs(c["centerX"] - before["centerX"]) > min_shift else None)(
        stats(info)["explorer"]["camera"]), what=what)
    return before, after


def test_browser_sees_live_frames_drags_the_camera_and_survives_the_explorer_leaving(browser, explorer):
    os.makedirs(OUT, exist_ok=True)
    pub, pub_info = explorer
    server, info = start_server("--source", pub_info["segment"])
    try:
        assert info["url"].startswith(f"http://127.0.0.1:{info['port']}/?token=")
        assert info["ssh"].startswith(f"ssh -L {info['port']}:127.0.0.1:{info['port']} ")
        browser.get(info["url"])
        # The token left the address bar; the cookie carries it.
        wait_for(lambda: browser.current_url.rstrip("/").endswith(str(info["port"])), what="redirect to /")
        v = wait_for(lambda: (lambda v: v if v and v["frames"] >= 10 and v["state"] == "live" else None)(viewer(browser)),
                     what="10 frames and state live")
        first_frame = v["lastSourceFrame"]
        assert (v["width"], v["height"]) == (1280, 720)
        browser.save_screenshot(os.path.join(OUT, "browser-1-live.png"))
        # The picture keeps changing while the layout runs.
        wait_for(lambda: viewer(browser)["lastSourceFrame"] >= first_frame + 15, what="15 newer frames")
        v = wait_for(lambda: (lambda v: v if v["latencyMs"] is not None and v["fps"] > 0 else None)(viewer(browser)),
                     what="fps and latency measured")
        assert v["fps"] >= 5, v
        # Publish-to-screen latency through the page's clock-offset estimate,
        # which is good to ± half the quickest ping round trip.
        assert -v["clockErrorMs"] - 1 <= v["latencyMs"] < 1000, v
        assert "fps" in browser.find_element(By.ID, "fps").text
        assert "latency" in browser.find_element(By.ID, "latency").text
        browser.save_screenshot(os.path.join(OUT, "browser-2-moving.png"))

        before, after = drag_view(browser, info, start=(-200, -50), step=(30, 12), min_shift=50,
                                  what="the camera to follow the drag")
        # Dragging right moves the view so the scene follows the pointer: centre goes left.
        assert after["centerX"] < before["centerX"] - 50, (before, after)
        assert after["centerY"] < before["centerY"], (before, after)
        counters = stats(info)["server"]["counters"]
        assert counters["eventsQueued"] >= 12 and counters["messagesInvalid"] == 0, counters
        time.sleep(0.5)
        browser.save_screenshot(os.path.join(OUT, "browser-3-after-drag.png"))

        # Wheel over the image zooms.
        image = browser.find_element(By.ID, "view")
        zoom_before = stats(info)["explorer"]["camera"]["zoom"]
        browser.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "arguments[0].dispatchEvent(new WheelEvent('wheel', {deltaY: -120, deltaMode: 0, bubbles: true, cancelable: true,"
            " clientX: r.left + r.width/2, clientY: r.top + r.height/2}));", image)
        wait_for(lambda: stats(info)["explorer"]["camera"]["zoom"] > zoom_before, what="zoom in on wheel")

        # Hover (no button), a key with a modifier, and a double-click reach the
        # explorer's queue as FrameBus events, in order.
        ActionChains(browser).move_to_element_with_offset(image, 100, 40).move_by_offset(20, 10).perform()
        ActionChains(browser).key_down(Keys.SHIFT).send_keys("a").key_up(Keys.SHIFT).perform()
        wait_for(lambda: any(e["kind"] == 5 and e["key"] == 65 and e["mods"] == 1 for e in logged_events(pub_info)),
                 what="shift+a as keyDown 'A' with shift")
        events = logged_events(pub_info)
        assert any(e["kind"] == 1 and e["buttons"] == 0 for e in events), "no hover move arrived"
        assert any(e["kind"] == 2 and e["buttons"] == 1 for e in events) and any(e["kind"] == 3 for e in events)
        serials = [e["serial"] for e in events if e["source"] == events[-1]["source"]]
        assert serials == sorted(serials) and len(set(serials)) == len(serials), "events out of order"
        ActionChains(browser).double_click(image).perform()
        # The stand-in explorer resets its camera on a double-click (pointer-down with click count 2).
        wait_for(lambda: stats(info)["explorer"]["camera"]["zoom"] == 1.0
                 and stats(info)["explorer"]["camera"]["centerX"] == 0.0, what="double-click to reset the camera")
        assert any(e["kind"] == 2 and e["key"] == 2 for e in logged_events(pub_info))

        # The explorer exits: the page says so, the server waits, the segment was never unlinked by it.
        stop(pub)
        wait_for(lambda: viewer(browser)["source"] == "gone", what="page to show the explorer gone")
        overlay = wait_for(lambda: browser.execute_script(
            "const o = document.getElementById('overlay'); return o.className === 'show' ? o.textContent : ''"),
            what="the overlay message")
        assert "exited" in overlay, (overlay, viewer(browser))
        browser.save_screenshot(os.path.join(OUT, "browser-4-explorer-gone.png"))
        assert server.poll() is None, "server must keep running and wait for a new source"
        assert get(info, "/healthz")[0] == 200

        # Another explorer starts: a server told --source streams that segment
        # or nothing, never another explorer's (issue 16). The page stays "gone".
        pub2, pub2_info = start_publisher("--size", "1280x720", "--fps", "30")
        try:
            deadline = time.time() + 3
            while time.time() < deadline:
                v = viewer(browser)
                assert v["source"] != "live" and v["segment"] != pub2_info["segment"], v
                time.sleep(0.2)
            assert stats(info)["server"]["segment"] != pub2_info["segment"]
        finally:
            stop(pub2)
    finally:
        took = stop(server)
    assert took < 1.0, f"tangle-serve took {took:.2f} s to exit on SIGTERM"


def test_browser_steers_the_real_explorer(browser):
    """The real explorer (in tmux, sharing with s/--serve), not a stand-in."""
    import re, sys
    sys.path.insert(0, os.path.dirname(__file__))
    from tmux import Tmux
    from conftest import TANGLE
    os.makedirs(OUT, exist_ok=True)
    t = Tmux(f"{TANGLE} demo:lesmis --graphics blocks --serve --port 0", width=160, height=40,
             env={"TERM": "xterm-256color", "XDG_CONFIG_HOME": "/nonexistent"})
    try:
        screen = t.wait_for("share http://127.0.0.1:", timeout=30)
        url = re.search(r"share (http://127\.0\.0\.1:\d+/\?token=\w+)", screen).group(1)
        port = int(re.search(r":(\d+)/", url).group(1))
        info = {"port": port, "token": url.split("token=")[1], "url": url}
        browser.get(url)
        v = wait_for(lambda: (lambda v: v if v and v["frames"] >= 1 and v["state"] == "live" else None)(viewer(browser)),
                     what="a frame from the explorer")
        print("shared frame", v["width"], "x", v["height"])
        # Blocks need only 2 pixels a cell (4× that is rendered: 468×312 here), but a
        # shared picture is drawn at the pane's real pixel size, capped at 1280×960.
        assert 600 <= v["width"] <= 1280 and 400 <= v["height"] <= 960, v
        status = wait_for(lambda: stats(info).get("explorer"), what="the explorer's status")
        assert status["graph"]["name"] == "demo:lesmis" and status["graph"]["nodes"] == 77
        browser.save_screenshot(os.path.join(OUT, "browser-real-explorer-1.png"))
        before, after = drag_view(browser, info, start=(-150, -40), step=(25, 10), min_shift=1e-3,
                                  what="the explorer's camera to follow the drag")
        assert after["centerX"] < before["centerX"], (before, after)   # dragging right: the view's centre moves left
        # A key from the browser reaches the explorer like its own: t changes the theme on the terminal too.
        ActionChains(browser).send_keys("t").perform()
        t.wait_for("theme t          high-contrast", timeout=15)
        browser.save_screenshot(os.path.join(OUT, "browser-real-explorer-2.png"))
        # Search from the browser goes through the same handler as the terminal's
        # keys: the letters go to the search line (a, l, j are keys otherwise).
        algorithm = re.search(r"algorithm\s+(\S+)", t.screen()).group(1)
        ActionChains(browser).send_keys("/").perform()
        t.wait_for("type a label", timeout=15)
        ActionChains(browser).send_keys("Valj").perform()
        t.wait_for("1/1: Valjean", timeout=15)
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        s = t.wait_for("Selection", timeout=15)
        assert re.search(r"label\s+Valjean", s), s
        assert re.search(r"algorithm\s+(\S+)", s).group(1) == algorithm, "a letter of the search acted as a key"
        # The command box runs the `:` commands, sent as the explorer's own keys
        # (`:`, the letters, Enter); its letters are not keys of their own
        # (t, e, i, l in "filter" would change the theme, edges, labels, pan).
        box = browser.find_element(By.ID, "cmd")
        box.click()
        box.send_keys("filter degree >= 10", Keys.ENTER)
        s = t.wait_for("degree >= 10", timeout=15)
        wait_for(lambda: re.search(r"shown\s+\d+ of 77 nodes", t.screen()), what="the filtered view")
        assert re.search(r"filter\s+degree >= 10", t.screen())
        assert re.search(r"theme t\s+high-contrast", t.screen()), "a letter of the command acted as a key"
        box.send_keys("color pagerank", Keys.ENTER)
        wait_for(lambda: re.search(r"colour c\s+pagerank", t.screen()), what="colour by pagerank")
        assert viewer(browser)["commandsSent"] == 2
        browser.save_screenshot(os.path.join(OUT, "browser-real-explorer-command.png"))
        # Session files are the terminal's: :save from the browser is refused, nothing written.
        target = os.path.join(OUT, f"browser-session-{os.getpid()}.json")
        box.send_keys(f"save {target}", Keys.ENTER)
        t.wait_for("browser viewer cannot save", timeout=15)
        time.sleep(0.5)
        assert not os.path.exists(target)
        # Undo from the box too: the colour, then the filter.
        box.send_keys("undo", Keys.ENTER)
        wait_for(lambda: not re.search(r"colour c\s+pagerank", t.screen()), what="undo of the colour")
        box.send_keys("undo", Keys.ENTER)
        wait_for(lambda: "degree >= 10" not in t.screen(), what="undo of the filter")
        box.send_keys(Keys.ESCAPE)   # Esc leaves the box: keys go to the explorer again
        # A viewer may steer but not quit the explorer.
        ActionChains(browser).send_keys("q").perform()
        t.wait_for("browser viewer cannot", timeout=15)
        assert "TANGLE-EXIT" not in t.screen()
        t.keys("q")
        t.wait_for("TANGLE-EXIT=0")
    finally:
        t.close()
