"""`nasales capture mail imaps://…` against a real IMAP server: the Dovecot that `.ci/dovecot`
starts (its NASALES_TEST_IMAP_* variables; without them these tests skip, saying why). The
server's own log counts what each session fetched: the second capture reads nothing old,
bodies are never fetched, nothing is marked as read. Errors of the address, the password and
the connection need no server."""

import imaplib
import os
import re
import ssl
import time
import uuid
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest

import realproc as rp
from mailboxes import CONFIG, T, book_csv, captured, mailgen, what_capture_concludes
from snapshot import snapshot

SERVER = os.environ.get("NASALES_TEST_IMAP_URL", "")


def needs_server(test):
    """A test against the Dovecot: skipped, saying why, without one; `slow` (conftest.py)."""
    skip = pytest.mark.skipif(
        not SERVER, reason="no IMAP server: start one with .ci/dovecot (NASALES_TEST_IMAP_URL)"
    )
    return pytest.mark.slow(skip(test))


PASSWORD = os.environ.get("NASALES_TEST_IMAP_PASSWORD", "")
LATER = T + timedelta(days=60)  # a day after all of the generated mail


def _server():
    parts = urlsplit(SERVER)
    return parts.hostname, parts.port


@pytest.fixture
def home(tmp_path, monkeypatch, settings_file):
    """A home directory of its own (for ~/.netrc), the test CA trusted, our own domain set."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SSL_CERT_FILE", os.environ.get("NASALES_TEST_IMAP_CA", ""))
    settings_file(CONFIG)
    return home


def netrc(home, login, password=PASSWORD, host="localhost"):
    path = home / ".netrc"
    path.write_text(f"machine {host}\n  login {login}\n  password {password}\n")
    path.chmod(0o600)


def user(name):
    """A user name of this test's own: `tester@x` shares the big mailbox (the server keeps
    the part before @), `name-x` has a mailbox of its own; either is told apart in the log."""
    return f"{name}{'@' if name == 'tester' else '-'}{uuid.uuid4().hex[:10]}"


def url(login, folder="INBOX", scheme="imaps"):
    host, port = _server()
    if scheme == "imap":
        port = urlsplit(os.environ["NASALES_TEST_IMAP_STARTTLS_URL"]).port
    return f"{scheme}://{quote(login, safe='')}@{host}:{port}/{quote(folder)}"


def sessions(login, count, timeout=10.0):
    """The `count` finished sessions of `login` in the server's log: what each fetched."""
    pattern = re.compile(
        rf"imap\({re.escape(login)}\).*Logged out .*fetch_hdr_count=(\d+) fetch_body_count=(\d+)"
    )
    deadline = time.monotonic() + timeout
    while True:
        with open(os.environ["NASALES_TEST_IMAP_LOG"], encoding="utf-8", errors="replace") as f:
            found = [tuple(map(int, m.groups())) for m in pattern.finditer(f.read())]
        if len(found) >= count or time.monotonic() > deadline:
            return found


def mailbox(login):
    """The test's own IMAP connection to its mailbox (to append, create, look at flags)."""
    host, port = _server()
    context = ssl.create_default_context(cafile=os.environ["NASALES_TEST_IMAP_CA"])
    imap = imaplib.IMAP4_SSL(host, port, ssl_context=context)
    imap.login(login, PASSWORD)
    return imap


def append(imap, messages, folder="INBOX"):
    for message in messages:
        when = message.day.isoformat() + " 10:00:00 +0100"
        stamp = imaplib.Time2Internaldate(
            time.mktime(time.strptime(when[:19], "%Y-%m-%d %H:%M:%S"))
        )
        assert imap.append(folder, "", stamp, message.raw.replace(b"\n", b"\r\n"))[0] == "OK"


def seen(imap, folder="INBOX"):
    imap.select(folder, readonly=True)
    _status, data = imap.fetch("1:*", "(FLAGS)")
    return sum(b"\\Seen" in line for line in data if isinstance(line, bytes))


@pytest.fixture
def book(cli, isolated, tmp_path, home):
    accounts = int(os.environ.get("NASALES_TEST_IMAP_ACCOUNTS", "12"))
    cli(["import", "contacts", str(book_csv(tmp_path / "contacts.csv", accounts))])
    for n in range(1, accounts + 1):
        cli(["account", "set", f"Account {n}", "--domain", f"a{n}.example"])
    return isolated


def line(result):
    return next(text for text in result.stdout.splitlines() if " read " in text)


@needs_server
def test_first_capture_logs_the_right_messages_the_second_reads_nothing_old(cli, book, home):
    count = int(os.environ["NASALES_TEST_IMAP_MESSAGES"])
    accounts = int(os.environ["NASALES_TEST_IMAP_ACCOUNTS"])
    mail = list(mailgen.mails(count, accounts=accounts, hostile=True))  # what .ci/dovecot put
    counts, logged = what_capture_concludes(mail, "imap", future=False)
    login = user("tester")
    netrc(home, login)
    watcher = mailbox(user("tester"))
    assert seen(watcher) == 0

    first = cli(["capture", "mail", url(login), "--on", str(LATER)])
    assert line(first).endswith(
        f": read {count}, logged {counts['logged']}, already logged {counts['already']}, "
        f"skipped {counts['internal']} ({counts['internal']} internal), "
        f"not on file {counts['not on file']}, unreadable {counts['unreadable']}"
    )
    assert captured(book) == logged
    assert sessions(login, 1) == [(count, 0)]  # every header once, no body at all

    second = cli(["capture", "mail", url(login), "--on", str(LATER)])
    assert ": read 0, logged 0," in line(second)
    assert sessions(login, 2) == [(count, 0), (0, 0)]  # nothing old asked for
    assert captured(book) == logged
    assert seen(watcher) == 0  # read-only: nothing marked as read
    watcher.logout()


@needs_server
def test_only_messages_appended_between_runs_are_read(cli, book, home):
    login = user("fresh")
    netrc(home, login)
    news = [m for m in mailgen.mails(40, accounts=12, seed=11) if m.expect == "contact"]
    imap = mailbox(login)
    append(imap, news[:5])
    first = cli(["capture", "mail", url(login), "--on", str(LATER)])
    assert ": read 5, logged 5," in line(first)
    append(imap, news[5:8])
    second = cli(["capture", "mail", url(login), "--on", str(LATER)])
    assert ": read 3, logged 3, already logged 0," in line(second)
    assert sessions(login, 2) == [(5, 0), (3, 0)]
    assert seen(imap) == 0
    imap.logout()


@needs_server
def test_a_changed_uidvalidity_reads_the_folder_again_and_logs_nothing_twice(cli, book, home):
    login = user("fresh")
    netrc(home, login)
    news = [m for m in mailgen.mails(30, accounts=12, seed=12) if m.expect == "contact"][:4]
    imap = mailbox(login)
    assert imap.create('"Klanten 2026"')[0] == "OK"
    append(imap, news, '"Klanten 2026"')
    first = cli(["capture", "mail", url(login, "Klanten 2026"), "--on", str(LATER)])
    assert ": read 4, logged 4," in line(first)
    imap.delete('"Klanten 2026"')
    imap.create('"Klanten 2026"')  # a new folder of that name: a new UIDVALIDITY
    append(imap, news, '"Klanten 2026"')
    again = cli(["capture", "mail", url(login, "Klanten 2026"), "--on", str(LATER)])
    assert ": read 4, logged 0, already logged 4," in line(again)
    imap.logout()


@needs_server
def test_a_message_dated_after_t_is_read_again_once_t_has_come(cli, book, home):
    login = user("fresh")
    netrc(home, login)
    contact = [m for m in mailgen.mails(60, accounts=12, seed=13) if m.expect == "contact"]
    future = [m for m in mailgen.mails(300, accounts=12, seed=13) if m.expect == "future"][:1]
    imap = mailbox(login)
    append(imap, [contact[0], future[0], contact[1]])
    first = cli(["capture", "mail", url(login), "--on", str(T)])
    assert ": read 3, logged 2, already logged 0, skipped 1 (1 future)," in line(first)
    later = cli(["capture", "mail", url(login), "--on", str(LATER)])
    assert ": read 2, logged 1, already logged 1," in line(later)  # from the future one on
    imap.logout()


@needs_server
def test_a_folder_with_spaces_and_accents_over_starttls(cli, book, home):
    login = user("fresh")
    netrc(home, login)
    imap = mailbox(login)
    assert imap.create('"Caf&AOk- Noir"')[0] == "OK"  # modified UTF-7 for "Café Noir"
    news = [m for m in mailgen.mails(30, accounts=12, seed=14) if m.expect == "contact"][:2]
    append(imap, news, '"Caf&AOk- Noir"')
    result = cli(["capture", "mail", url(login, "Café Noir", scheme="imap"), "--on", str(LATER)])
    assert ": read 2, logged 2," in line(result)
    imap.logout()


@needs_server
def test_two_people_capturing_one_shared_mailbox_on_the_team_database_log_it_once(
    pg_cli, home, tmp_path
):
    pg_cli(["import", "contacts", str(book_csv(tmp_path / "contacts.csv", 12))])
    shared = [m for m in mailgen.mails(80, accounts=12, seed=15) if m.expect == "contact"]
    owner = user("fresh")
    imap = mailbox(owner)
    append(imap, shared)
    imap.logout()
    # The shared mailbox (sales@…) is reached by each person with their own login (the
    # server maps owner@eva and owner@joost to the owner's mailbox): each has their own
    # incremental state, and the Message-IDs log each message once.
    for person, logged in (("Eva", len(shared)), ("Joost", 0)):
        login = f"{owner}@{person.lower()}"
        netrc(home, login)
        result = pg_cli(["capture", "mail", url(login), "--on", str(LATER), "--by", person])
        assert f": read {len(shared)}, logged {logged}," in line(result)
    export = pg_cli("export touchpoints").stdout
    assert export.count("\n") - 1 == len(shared)
    assert ",Eva" in export and ",Joost" not in export


@needs_server
@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("password", "refused the login of"),
        ("folder", "no folder Nergens on"),
        ("certificate", "is not trusted"),
    ],
)
def test_a_refused_login_a_missing_folder_or_an_untrusted_server_exit_1(
    cli, book, home, monkeypatch, how, words
):
    login = user("fresh")
    netrc(home, login, "wrong" if how == "password" else PASSWORD)
    if how == "certificate":
        monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/ca.pem")
        monkeypatch.setenv("SSL_CERT_DIR", "/nonexistent")
    before = snapshot(book)
    source = url(login, "Nergens" if how == "folder" else "INBOX")
    result = cli(["capture", "mail", source, "--on", str(LATER)], ok=False)
    assert result.exit_code == 1
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(book) == before


@needs_server
def test_the_password_is_asked_on_a_terminal(book, home, tmp_path):
    login = user("fresh")
    imap = mailbox(login)
    append(imap, [m for m in mailgen.mails(20, accounts=12, seed=16) if m.expect == "contact"][:1])
    imap.logout()
    environment = {
        "HOME": str(home),
        "SSL_CERT_FILE": os.environ["NASALES_TEST_IMAP_CA"],
        "NASALES_CONFIG": str(tmp_path / "config.toml"),
    }
    code, shown = rp.on_a_terminal(
        book,
        ["capture", "mail", url(login), "--on", str(LATER)],
        b"Password for ",
        [PASSWORD.encode() + b"\n"],
        **environment,
    )
    assert code == 0, shown
    assert ": read 1, logged 1," in shown
    assert PASSWORD not in shown  # not echoed


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("imaps://eva:geheim@mail.example/INBOX", "never holds the password"),
        ("imaps://eva:@mail.example/INBOX", "never holds the password"),
        ("imaps://eva@mail.example:99999x/INBOX", "the port must be a number"),
        ("imaps:///INBOX", "use imaps://USER@HOST/FOLDER"),
        ("imaps://eva@nowhere.invalid/INBOX", "unknown mail server nowhere.invalid"),
        ("imaps://eva@127.0.0.1:1/INBOX", "cannot connect to the mail server 127.0.0.1:1"),
        ("imaps://mail.example/INBOX", "give the user in the address"),
    ],
)
def test_bad_addresses_exit_1_in_one_line_without_the_password(cli, isolated, home, source, words):
    netrc(home, "eva", "geheim", host="nowhere.invalid")
    (home / ".netrc").write_text(
        "machine nowhere.invalid login eva password geheim\n"
        "machine 127.0.0.1 login eva password geheim\n"
    )
    result = cli(["capture", "mail", source, "--on", str(T)], ok=False)
    assert result.exit_code == 1, result.stdout
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "geheim" not in result.stderr + result.stdout


def test_no_password_without_a_terminal_says_where_to_put_it(cli, isolated, home):
    result = cli(["capture", "mail", "imaps://eva@mail.example/INBOX", "--on", str(T)], ok=False)
    assert result.exit_code == 1
    assert "no password for eva at mail.example: put it in ~/.netrc" in result.stderr


def test_a_netrc_others_can_read_is_refused_with_the_fix(cli, isolated, home):
    netrc(home, "eva", "geheim", host="mail.example")
    (home / ".netrc").chmod(0o644)
    args = ["capture", "mail", "imaps://eva@mail.example/INBOX", "--on", str(T)]
    result = cli(args, ok=False)
    assert (result.exit_code, result.stderr) == (
        1,
        "nasales: ~/.netrc holds passwords and others can read it: make it yours alone "
        "with chmod 600 ~/.netrc\n",
    )
    dutch = cli(args, ok=False, env={"NASALES_LANG": "nl"})
    assert dutch.exit_code == 1 and "chmod 600 ~/.netrc" in dutch.stderr
    assert "kunnen anderen lezen" in dutch.stderr and "None" not in dutch.stderr
    (home / ".netrc").write_text("machine mail.example\n  bogus x\n")
    (home / ".netrc").chmod(0o600)
    result = cli(args, ok=False)
    assert result.stderr == "nasales: cannot read ~/.netrc: line 2 is not understood\n"


def test_ctrl_d_at_the_password_prompt_cancels(book, home, tmp_path):
    """Ctrl-D at the prompt: one line, exit 1, nothing captured (not 'EOFError')."""
    from nasales.errors import Invalid
    from nasales.transfer.capture.imap import credentials, parse_url

    def ctrl_d(prompt: str) -> str:
        raise EOFError

    with pytest.raises(Invalid, match="cancelled: no password given"):
        credentials(parse_url("imaps://eva@mail.example/INBOX"), ctrl_d)
    before = snapshot(book)
    code, shown = rp.on_a_terminal(
        book,
        ["capture", "mail", "imaps://eva@mail.example/INBOX", "--on", str(T)],
        b"Password for ",
        [b"\x04"],
        HOME=str(home),
        NASALES_CONFIG=str(tmp_path / "config.toml"),
    )
    assert code == 1, shown
    assert "nasales: cancelled: no password given, nothing captured" in shown
    assert "EOFError" not in shown and "Traceback" not in shown
    assert snapshot(book) == before


def test_folder_names_in_modified_utf7():
    from nasales.transfer.capture.imap import _quoted, _ranges

    assert _quoted("INBOX") == '"INBOX"'
    assert _quoted("Café Noir") == '"Caf&AOk- Noir"'
    assert _quoted('R&D "x"') == '"R&-D \\"x\\""'
    assert _quoted("日本語") == '"&ZeVnLIqe-"'
    assert _ranges([1, 2, 3, 5, 7, 8]) == "1:3,5,7:8"


@needs_server
def test_a_message_dated_ahead_of_its_arrival_is_dated_by_the_servers_internaldate(cli, book, home):
    """The sender's clock said 2099; the server received it on 2 Nov 2026 (INTERNALDATE):
    that is its day, and it is no 'future' message holding the folder's state back."""
    login = user("fresh")
    netrc(home, login)
    raw = (
        b"From: c1@a3.example\r\nTo: eva@ourfirm.example\r\nSubject: Klok\r\n"
        b"Date: Thu, 1 Jan 2099 10:00:00 +0100\r\nMessage-ID: <klok@a3>\r\n\r\nHoi\r\n"
    )
    imap = mailbox(login)
    assert imap.append("INBOX", "", '"02-Nov-2026 10:00:00 +0100"', raw)[0] == "OK"
    imap.logout()
    result = cli(["capture", "mail", url(login), "--on", "2026-11-04"])
    assert ": read 1, logged 1," in line(result)
    assert rp.query(book, "SELECT date FROM touchpoint WHERE note = 'Klok'") == [("2026-11-02",)]
    assert ": read 0," in line(cli(["capture", "mail", url(login), "--on", "2026-11-04"]))


@needs_server
def test_a_message_dated_long_before_its_arrival_is_dated_by_the_servers_internaldate(
    cli, book, home
):
    """The sender's clock said 2024 (or 1970); the server received it on 3 Nov 2026."""
    login = user("fresh")
    netrc(home, login)
    imap = mailbox(login)
    for n, written in enumerate(
        ("Tue, 3 Dec 2024 10:00:00 +0100", "Thu, 1 Jan 1970 00:00:00 +0000")
    ):
        raw = (
            f"From: c1@a3.example\r\nTo: eva@ourfirm.example\r\nSubject: Oud {n}\r\n"
            f"Date: {written}\r\nMessage-ID: <oud{n}@a3>\r\n\r\nHoi\r\n"
        ).encode()
        assert imap.append("INBOX", "", '"03-Nov-2026 10:00:00 +0100"', raw)[0] == "OK"
    imap.logout()
    result = cli(["capture", "mail", url(login), "--on", "2026-11-04"])
    assert ": read 2, logged 2," in line(result)
    dates = rp.query(book, "SELECT date FROM touchpoint WHERE note LIKE 'Oud %' ORDER BY note")
    assert dates == [("2026-11-03",), ("2026-11-03",)]


@needs_server
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_capture_saved_on_a_full_disk_says_so_and_exits_0(book, home, tmp_path):
    """The summary cannot be written, but the capture was saved: exit 0, said once."""
    login = user("fresh")
    netrc(home, login)
    imap = mailbox(login)
    append(imap, [m for m in mailgen.mails(20, accounts=12, seed=18) if m.expect == "contact"])
    imap.logout()
    environment = {
        "HOME": str(home),
        "SSL_CERT_FILE": os.environ["NASALES_TEST_IMAP_CA"],
        "NASALES_CONFIG": str(tmp_path / "config.toml"),
    }
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "nasales", "capture", "mail", url(login), "--on", str(LATER)],
            env=rp.env(book, **environment),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "nasales: the change is saved, but its confirmation could not be written "
        "(No space left on device)\n"
    )
    assert rp.query(book, "SELECT count(*) FROM touchpoint WHERE source = 'mail'") != [(0,)]


@needs_server
def test_a_connection_that_breaks_off_logs_nothing(cli, book, home, monkeypatch):
    login = user("fresh")
    netrc(home, login)
    imap = mailbox(login)
    append(imap, [m for m in mailgen.mails(20, accounts=12, seed=19) if m.expect == "contact"])
    imap.logout()
    fetch = imaplib.IMAP4.uid

    def broken(self, command, *args):
        if command == "FETCH":
            raise imaplib.IMAP4.abort("socket error: EOF occurred in violation of protocol")
        return fetch(self, command, *args)

    monkeypatch.setattr(imaplib.IMAP4, "uid", broken)
    before = snapshot(book)
    result = cli(["capture", "mail", url(login), "--on", str(LATER)], ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("nasales: the connection to localhost:")
    assert "broke off: socket error: EOF" in result.stderr
    assert snapshot(book) == before
