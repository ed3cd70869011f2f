"""Build the release-0.1.0 fixture database the way a user of that release would have.

Run with the *released* nasales (commit 008d2c3, version 0.1.0) installed in a venv:

    .venv/bin/python tests/data/release-0.1.0/build.py .venv/bin/nasales tests/data/release-0.1.0

Every row is written by the real command line (`nasales --db PATH ...` as a subprocess,
with explicit dates) or by `nasales import` of CSV files written here; only the final
checkpoint, journal-mode switch and VACUUM use plain sqlite3. Then every row of every table
is dumped to rows.json. Not collected by pytest (not named test_*).
"""

import json
import os
import shlex
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

DAY = "2026-11-27"  # the last day of the book
TABLES = {  # table -> primary key, the order rows.json lists its rows in
    "account": "id",
    "contact": "id",
    "orders": "id",
    "touchpoint": "id",
    "hurdle": "id",
    "reminder": "id",
    "snooze": "key",
    "schema_migration": "name",
}


class Book:
    def __init__(self, nasales: str, db: Path, env: dict[str, str]):
        self.nasales, self.db, self.env = nasales, db, env

    def __call__(self, command: str) -> str:
        argv = [self.nasales, "--db", str(self.db), *shlex.split(command)]
        done = subprocess.run(argv, env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"failed: {argv}\n{done.stdout}\n{done.stderr}")
        return done.stdout.strip()

    def imp(self, kind: str, path: Path) -> None:
        print(self(f"import {kind} {shlex.quote(str(path))}"))


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def build(nasales: str, out: Path) -> None:
    version = subprocess.run([nasales, "--version"], capture_output=True, text=True).stdout
    if version.strip() != "nasales 0.1.0":
        sys.exit(f"expected nasales 0.1.0, got {version!r}")
    out.mkdir(parents=True, exist_ok=True)
    db = out / "nasales.db"
    for stale in out.glob("nasales.db*"):
        stale.unlink()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {
            **os.environ,
            "NASALES_CONFIG": str(tmp / "none.toml"),  # the default rules
            "XDG_DATA_HOME": str(tmp / "data"),
            "XDG_CONFIG_HOME": str(tmp / "config"),
        }
        env.pop("NASALES_DB", None)
        fill(Book(nasales, db, env), tmp)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("VACUUM")
    con.close()
    dump(db, out / "rows.json")


def fill(n: Book, tmp: Path) -> None:
    """The book: each `n(...)` is one `nasales` command line, split like a shell would."""
    # -- accounts: by hand ------------------------------------------------------------------
    n("account add 'Van Dijk Machinebouw' --owner eva --tier A --clv 250000")
    n("account add 'Zoë Bakkerij' --owner Zoë")
    n("account add 'Ærø Færgeri ApS' --owner lars --tier b")
    n("account add '東京 Trading' --owner 山田 --clv 1054.5")
    n("account add '[/x] Markup & Co' --owner '[bold]eva[/bold]' --tier C")
    n("account add '  Spaces \t Around   BV  ' --owner ' eva '")  # name cleaned, owner not
    n("account add 'Ｆｕｌｌｗｉｄｔｈ Ｋｏ'")  # NFKC: Fullwidth Ko; no owner, tier or clv
    n("account add 'ﬁne Foods' --owner piet --clv 0")  # the ligature: fine Foods
    n("account add 'Straße Logistik GmbH' --owner eva --clv 12345678901.25")
    n("""account add "O'Brien; Sons, \\"Ltd\\"" --owner eva --tier B --clv 0.1""")
    n("account add 'Bare Account'")

    # -- accounts: from a CSV (Dutch Excel: semicolons, BOM, CRLF, decimal comma) -----------
    accounts = write(
        tmp / "accounts.csv",
        "Name;Owner;Tier;CLV;Notes;Sector\n"
        'Bakkerij Jansen;piet;a;1 054,50;"Pays late; always\ncall before noon";food\n'
        'Café de Hoek;  Zoë  ;;;"  spaces kept, as written  ";horeca\n'
        "Nordisk Ærø A/S;lars;B;9007199254740993;;shipping\n"
        'Quote "Q" BV;eva;C;0;"She said ""no"", then ""yes""";\n'
        "Empty Notes BV;;;;;\n"
        "'=SUM(A1) Holding;eva;;17,5;'@formula guarded;finance\n"
        "Van Dijk Machinebouw;eva;A;250000;Existing account: notes added;industry\n"
        + bulk("accounts"),
        encoding="utf-8-sig",
        newline="\r\n",
    )
    n.imp("accounts", accounts)

    # -- contacts ----------------------------------------------------------------------------
    vd = "'Van Dijk Machinebouw'"
    n(f"contact add {vd} 'Sanne van Dijk' --role buyer --phone '+31 6 1234 5678' --primary")
    n(
        "contact add 'van dijk machinebouw' 'Joost de Vries' --role 'decision maker' "
        "--email joost@vandijk.example"
    )
    n(
        "contact add 'Zoë Bakkerij' 'Zoë Ærøsen' --role eigenaar --phone '+45 12 34 56 78' "
        "--email zoe@bakkerij.example --primary"
    )
    n("contact add 'Zoë Bakkerij' 'Bram Bakker' --role finance --primary")  # Zoë's goes
    n(
        "contact add '東京 Trading' '山田 太郎' --role 部長 --phone '+81 3-1234-5678' "
        "--email yamada@tokyo.example"
    )
    n("contact add '[/x] Markup & Co' '[/x] Tom [bold]' --role '[red]user[/red]' --do-not-call")
    n(
        "contact add 'Spaces Around BV' '  Padded   Name ' --phone ' +31 20 555 0100 ' "
        "--role ' buyer '"
    )
    n("contact add 'Ærø Færgeri ApS' 'Søren Ærø' --phone '+45 98 76 54 32' --primary --do-not-call")
    n("contact add 'Ærø Færgeri ApS' 'Mette Holm' --email mette@aero.example")
    n(  # forgotten at the end
        "contact add 'Zoë Bakkerij' 'Piet Privé' --email piet.prive@example.nl "
        "--phone '+31 6 9876 5432'"
    )
    contacts = write(
        tmp / "contacts.csv",
        "account,name,role,phone,email,primary,do_not_call,owner\n"
        "Bakkerij Jansen,Jan Jansen,eigenaar,'+31 10 123 4567,jan@jansen.example,yes,no,\n"
        "Bakkerij Jansen,Marie Jansen,,,,,ja,\n"
        "Café de Hoek,Élodie Noël, barista ,'+33 1 23 45 67 89,,x,,\n"
        'Nordisk Ærø A/S,Åsa Öberg,"buyer, senior",+46 8 123 456 78,asa@nordisk.example,'
        "true,false,\n"
        "New From Contacts BV,Nieuwe Klant,,,nieuw@example.nl,1,0,kees\n"
        "Straße Logistik GmbH,Jürgen Groß,Einkauf,+49 30 1234567,juergen@strasse.example,"
        "waar,onwaar,\n"
        "Straße Logistik GmbH,Anna Weiß,,,,nee,y,\n"
        'Quote "Q" BV,"O\'Neill, ""Q""",,,q@quote.example,,,\n' + bulk("contacts"),
    )
    n.imp("contacts", contacts)

    # -- orders: by hand (a ref is printed) ----------------------------------------------------
    r = {
        "vd": n(
            f"order won {vd} 'CNC milling centre' --value 185000 --on 2026-09-14 --decision narrow"
        ),
        "vd2": n(
            f"order won {vd} 'Spare spindles' --value 1054.5 --on 01-10-2026 --decision CLEAR"
        ),
        "zoe": n(
            "order won 'Zoë Bakkerij' 'Oven  Ærø\t3000' --ref ZOË-1 --value 42000 --on 2026-03-02"
        ),
        "zoe_lost": n(
            "order lost 'zoë bakkerij' Mixer --value 0 --on 2026-10-20 --to 'Концерн  Север'"
        ),
        "tokyo": n(
            "order won '東京 Trading' '輸出 contract [/x]' --ref TK-東京-7 --value 98765432.1 "
            "--on 2026-06-30 --decision narrow"
        ),
        "markup": n(  # no value: NULL
            "order won '[/x] Markup & Co' '[bold]Bold[/bold] order' --ref '[/x]7' --on 2026-11-02"
        ),
        "aero_lost": n(
            "order lost 'Ærø Færgeri ApS' 'Ferry refit' --value 750000.75 --on 2026-08-17 "
            "--to 'Ｆｊｏｒｄ Yard'"
        ),
        "aero": n(
            "order won 'Ærø Færgeri ApS' 'Deck cranes' --value 310000 --on 2026-02-09 "
            "--decision clear"
        ),
        "strasse": n(
            """order won 'Straße Logistik GmbH' 'Conveyor, 40 m; "heavy"' --value 66000 """
            "--on 2026-11-19"
        ),
        "obrien_lost": n(  # lost: no competitor, no value
            """order lost "O'Brien; Sons, \\"Ltd\\"" Forklifts --on 2026-05-04"""
        ),
    }
    n(f"order delivered {r['zoe']} --on 2026-04-20")
    n(f"order delivered {r['aero']} --on 2026-06-01")
    n(f"order delivered {r['vd2']} --on 2026-10-15")

    # -- orders: from a CSV (tab-separated, mixed case, decimal comma, guarded cells) -------
    orders = write(
        tmp / "orders.csv",
        "ref\taccount\ttitle\tvalue\tstatus\tsigned_on\tdelivered_on\tcompetitor\tdecision\towner\n"
        "CRM-0001\tBakkerij Jansen\tBroodlijn\t1 054,50\tWON\t2026-07-01\t15-08-2026\t\tNarrow\t\n"
        "CRM-0002\tBakkerij Jansen\tKoelcel\t\tlost\t2026-09-30\t\tKoel & Co\t\t\n"
        "\tCafé de Hoek\t  Espresso bar  \t8999,99\tWon\t2026-10-05\t\t\tclear\t\n"
        "\tNew From Orders BV\tStarter kit\t0\twon\t2026-11-16\t\t\t\tanna\n"
        "'+31-77\tNordisk Ærø A/S\tHarbour crane\t2500000\twon\t2026-01-12\t2026-05-29\t\t"
        "narrow\t\n"
        'CRM-0003\tQuote "Q" BV\tConsulting; "phase 2"\t12.345\tLost\t2026-11-06\t\t'
        "Ａcme, Inc.\t\t\n"
        "CRM-0004\tEmpty Notes BV\t\t\twon\t2026-04-01\t\t\t\t\n" + bulk("orders"),
    )
    n.imp("orders", orders)

    # -- hurdles -----------------------------------------------------------------------------
    h1 = n(f"hurdle add {r['vd']} 'Spindle delivery two weeks late' --on 2026-11-26")
    h2 = n(f"""hurdle add {r["zoe"]} 'Oven door\nsticks; "again"' --on 2026-04-22""")
    h3 = n(f"hurdle add {r['tokyo']} '通関 delay [/x]' --on 2026-07-04")  # a Saturday
    n(f"hurdle add {r['aero']} 'Crane hydraulics leak, 2 L/day' --on 2026-06-10")
    n("hurdle add CRM-0001 'Band te kort' --on 2026-08-20")
    n(f"hurdle add {r['zoe']} 'Invoice mentions piet.prive@example.nl' --on 2026-05-01")
    n(f"hurdle resolve {h2} --on 2026-04-24")
    n(f"hurdle resolve {h3} --on 2026-07-04")
    hurdles = write(  # an older Excel: Windows-1252
        tmp / "hurdles.csv",
        "order;description;raised_on;resolved_on\n"
        "CRM-0001;Café-machine kapot;2026-09-01;2026-09-03\n"
        "+31-77;Kraan staat stil – onderdeel besteld;01/06/2026;\n"
        "CRM-0004;Geen handleiding;2026-04-02;\n"
        "CRM-0001;Band te kort;2026-08-20;2026-08-25\n"  # resolves the one added by hand
        + bulk("hurdles"),
        encoding="cp1252",
    )
    n.imp("hurdles", hurdles)

    # -- touchpoints: by hand, every kind and mood -------------------------------------------
    n(
        f"log {vd} call --on 2026-09-15 --order {r['vd']} --contact 'sanne van dijk' "
        "--note 'Happy with the choice' --mood positive"
    )
    n(
        f"log {vd} visit --on 2026-09-22 --contact 'Joost de Vries' "
        """--note 'Line 1: tour\nLine 2: coffee, "good"; next step agreed' """
        "--mood NEUTRAL --by kees"
    )
    n(
        f"log {vd} agreement --on 2026-09-29 --order {r['vd']} "
        "--note 'Agreed: FAT on 12 Oct' --mood doubt"
    )
    n(f"log {vd} email --on 2026-10-02 --order {r['vd2']} --note ''")
    n(
        f"log {vd} meeting --on 2026-10-30 --contact 'Sanne van Dijk' "
        "--note '  untrimmed note with spaces  ' --mood negative"
    )
    n(f"log {vd} note --on 2026-11-03 --note 'Internal: [bold]check[/bold] margin'")
    n(
        f"log 'Zoë Bakkerij' call --on 2026-03-03 --order {r['zoe']} --contact 'Zoë Ærøsen' "
        "--note 'Zoë: “prima” 👍' --mood positive"
    )
    n(  # its note is erased by the forget below
        "log 'Zoë Bakkerij' call --on 2026-05-04 --contact 'Piet Privé' "
        "--note 'Piet Privé asked for a callback'"
    )
    n(  # keeps its note, loses the link
        "log 'Zoë Bakkerij' visit --on 2026-05-05 --contact 'Piet Privé' --note 'Demo of the oven'"
    )
    n(
        f"log '東京 Trading' meeting --on 2026-07-06 --order {r['tokyo']} --contact '山田 太郎' "
        "--note '通関 delay discussed;\tplan B' --mood Doubt --by 山田"
    )
    n("log '東京 Trading' email --on 2026-07-07 --note 'Sent docs, see [/x]'")
    n("log '[/x] Markup & Co' note --on 2026-11-03 --note '[/x][red]x[/red]'")
    n(
        f"log 'Ærø Færgeri ApS' visit --on 2026-08-31 --order {r['aero_lost']} "
        "--contact 'Mette Holm' --note 'Lost to the yard, price' --mood negative"
    )
    n(f"log 'Ærø Færgeri ApS' agreement --on 2026-03-02 --order {r['aero']} --mood positive")
    n(
        f"log 'Straße Logistik GmbH' call --on 2026-11-20 --order {r['strasse']} "
        """--contact 'Jürgen Groß' --note 'Confirmed, "passt"' --by ' hans '"""
    )
    n("log 'Bare Account' note --on 2026-01-05")  # empty note, nothing else
    n("log 'Café de Hoek' call --on 2026-10-06 --contact 'élodie noël'")

    # the call an item asks for
    n(f"done confirm:{r['aero']} --on 2026-02-10 --note 'Confirmed, relieved'")
    n(f"done agreement:{r['vd']} --on 2026-10-06")
    n(f"done post_delivery:{r['zoe']} --on 2026-04-22 --note 'Landed well'")
    n(f"done lost_followup:{r['obrien_lost']} --on 2026-05-18")
    n(f"done hurdle:{h1} --on 2026-11-26 --note 'Told them; they understand'")
    n("""done "relationship:o'brien; sons, \\"ltd\\"" --on 2026-11-10""")
    n("done confirm:CRM-0001 --on 2026-07-02")

    touchpoints = write(
        tmp / "touchpoints.csv",
        "account,kind,date,order,contact,note,mood,by,owner\n"
        'Bakkerij Jansen,Call,2026-07-03,CRM-0001,Jan Jansen,"Multi\nline, ""quoted""; done",'
        "positive,,\n"
        "Bakkerij Jansen,email,03-07-2026,,, leading space kept,,piet,\n"
        "Nordisk Ærø A/S,visit,2026-06-03,+31-77,Åsa Öberg,Kraan draait,NEUTRAL,lars,\n"
        "Nordisk Ærø A/S,agreement,2026-06-10,+31-77,,,,,\n"
        "Café de Hoek,meeting,2026-10-08,,Élodie Noël,Espresso bar plan,doubt,  Zoë  ,\n"
        "New From Touchpoints BV,note,2026-11-01,,,Imported; account created,,,bert\n"
        'Quote "Q" BV,call,2026-11-09,CRM-0003,"O\'Neill, ""Q""",Lost: price,negative,,\n'
        + bulk("touchpoints"),
    )
    n.imp("touchpoints", touchpoints)

    # -- reminders ---------------------------------------------------------------------------
    m1 = n(f"remind {vd} 'Send the FAT report' --due 2026-10-14 --order {r['vd']}")
    m2 = n("remind '東京 Trading' 'Call 山田 about\nthe [/x] invoice' --due 2026-12-01")
    m3 = n("remind 'Zoë Bakkerij' 'Send Piet Privé the brochure' --due 2026-05-12")
    n("remind 'Ærø Færgeri ApS' 'Ask for a reference visit' --due 27-11-2026")
    n(
        """remind 'Straße Logistik GmbH' 'Quote, "Ersatzteile"; 10%' --due 2026-11-30 """
        f"--order {r['strasse']}"
    )
    n(f"done {m1} --on 2026-10-14 --note 'Sent; they read it'")
    n(f"done {m3} --on 2026-05-12")
    reminders = write(
        tmp / "reminders.csv",
        "account;order;text;due;done_on;owner\n"
        "Bakkerij Jansen;CRM-0001;Bel over de band;2026-08-21;2026-08-21;\n"
        "Bakkerij Jansen;;Kerstbestelling;2026-12-10;;\n"
        'New From Reminders BV;;First call, "intro";2026-11-24;;mila\n' + bulk("reminders"),
    )
    n.imp("reminders", reminders)

    # -- snoozes -----------------------------------------------------------------------------
    n(f"snooze agreement:{r['tokyo']} --until 2026-12-01")
    n(f"snooze hurdle:{h1} --until 2026-11-27")
    n(f"snooze {m2} --until 2026-12-02")
    n("snooze 'relationship:zoë bakkerij' --until 2027-01-15")  # stored with the account's name
    n(f"snooze lost_followup:{r['zoe_lost']} --until 2026-11-30")
    n(f"snooze 'confirm:{r['markup']}' --until 2026-11-05")
    n(f"snooze 'confirm:{r['markup']}' --until 2026-11-06")  # moved: still one row
    n("snooze post_delivery:CRM-0001 --until 28/08/2026")

    # -- a GDPR erasure: the contact goes, mentions become [erased] ------------------------
    print(n("contact forget 'Piet Privé' --yes"))

    # a last read through the released code, as a user would
    n(f"today --on {DAY} --format json")


def bulk(kind: str) -> str:
    """A dozen plain customers, imported: the bulk of a book (the separator of each file)."""
    lines = []
    for i in range(1, 13):
        name, ref = f"Klant {i:02d} BV", f"BULK-{i:02d}"
        month, kind_ = 1 + i % 11, KINDS[i % len(KINDS)]
        if kind == "accounts":
            clv = f"{i * 1234},{i % 10}" if i % 3 else ""
            lines.append(f"{name};{OWNERS[i % 3]};{'ABC'[i % 3] if i % 2 else ''};{clv};;")
        elif kind == "contacts":
            lines.append(f"{name},Contact {i},buyer,+31 6 000 00{i:02d},c{i}@klant.example,yes,no,")
            lines.append(f"{name},Second {i},,,,no,{'yes' if i % 4 == 0 else 'no'},")
        elif kind == "orders":
            status = "lost" if i % 4 == 0 else "won"
            delivered = f"2026-{month:02d}-25" if status == "won" and i % 2 else ""
            competitor = f"Rival {i}" if status == "lost" else ""
            decision = ("clear", "narrow", "")[i % 3] if status == "won" else ""
            lines.append(
                f"{ref}\t{name}\tMachine {i}\t{i * 10000 + 0.25 * i}\t{status}\t"
                f"2026-{month:02d}-{i + 1:02d}\t{delivered}\t{competitor}\t{decision}\t"
            )
        elif kind == "touchpoints":
            mood = MOODS[i % len(MOODS)] if i % 5 else ""
            contact = f"Contact {i}" if i % 2 else ""
            lines.append(
                f"{name},{kind_},2026-{month:02d}-{i + 3:02d},{ref if i % 3 else ''},{contact},"
                f"Bulk note {i},{mood},,"
            )
            lines.append(f"{name},note,2026-11-{i + 2:02d},,,,,,")
        elif kind == "hurdles":
            resolved = f"2026-{month:02d}-{i + 9:02d}" if i % 2 else ""
            lines.append(f"{ref};Hurdle {i};2026-{month:02d}-{i + 5:02d};{resolved}")
        elif kind == "reminders":
            due = f"2026-{month:02d}-{i + 12:02d}"
            done_on = due if i % 3 == 0 else ""
            lines.append(f"{name};{ref if i % 2 else ''};Promise {i};{due};{done_on};")
    return "".join(line + "\n" for line in lines)


KINDS = ("call", "visit", "meeting", "agreement", "email", "note")
MOODS = ("positive", "neutral", "doubt", "negative")
OWNERS = ("eva", "piet", "lars")


def dump(db: Path, out: Path) -> None:
    con = sqlite3.connect(db)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if names != set(TABLES):
        sys.exit(f"tables {sorted(names)} are not {sorted(TABLES)}")
    rows = {}
    for table, pk in TABLES.items():
        cur = con.execute(f"SELECT * FROM {table} ORDER BY {pk}")
        columns = [d[0] for d in cur.description]
        rows[table] = [dict(zip(columns, row, strict=True)) for row in cur]
    con.close()
    text = json.dumps(rows, ensure_ascii=False, indent=1)
    out.write_text(text + "\n", encoding="utf-8")
    print({table: len(r) for table, r in rows.items()}, f"{db.stat().st_size} bytes")


if __name__ == "__main__":
    build(sys.argv[1], Path(sys.argv[2]))
