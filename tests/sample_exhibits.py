"""Exhibits for the export, feed, metadata and generate tests.

SEED is the founding exhibit (Citigroup's Exhibit 5.1 to Form S-4, File No. 333-62144),
shortened, so these tests run without ../shared. HOSTILE carries markup and formula
text in its metadata; LATER is newest by date added to the archive.
"""

from __future__ import annotations

from tests.conftest import exhibit_text

SEED_SLUG = "citigroup-inc-ex-5-1-2001-06-19"
SEED_ALIAS = "citigroup-ex-5-1-old"
# The founding exhibit's front matter, as its letter states it (../shared/seed).
SEED_FRONT_MATTER = """\
exhibit: "5.1"
kind: legality
date: 2001-06-19
issuer: Citigroup Inc.
issuer_state: Delaware
issuer_cik: "831001"
counsel: Michael A. Ross
counsel_title: Deputy General Counsel
counsel_role: in-house
form: S-4
file_number: 333-62144
securities:
  - description: 126,877,791 shares of the Common Stock, $.01 par value per share
    class: Common Stock
    shares: 126877791
    par_value: "$.01"
transaction:
  agreement: Transaction Agreement
  date: 2001-05-17
  parties:
    - Citigroup Inc.
    - Citibank, N.A.
    - Grupo Financiero Banamex Accival, S.A. de C.V.
    - Banco Nacional de Mexico, S.A.
governing_law: General Corporation Law of the State of Delaware
opinions: [duly authorized, legally issued, fully paid, nonassessable]
consent: true
"""

SEED = exhibit_text(
    SEED_FRONT_MATTER + "aliases: [citigroup-ex-5-1-old]\nadded: 2026-11-20\n",
    """\
Ladies and Gentlemen:

I am Deputy General Counsel of Citigroup Inc., a Delaware corporation (the
"Company"). This opinion is being furnished in connection with the Registration
Statement on Form S-4 (File No. 333-62144) filed by Citigroup with the Securities
and Exchange Commission.

Based upon and subject to the foregoing, I am of the opinion that the Securities
have been duly authorized and when issued in accordance with the terms and
conditions of the Transaction Agreement, will be legally issued, fully paid and
nonassessable.

Very truly yours,

/s/ Michael A. Ross
""",
)

HOSTILE_ISSUER = 'Acme </script><!-- "Q" & Co'
HOSTILE_STATE = '=HYPERLINK("https://evil.test")'
HOSTILE = exhibit_text(f"""\
exhibit: "5.1"
date: 2010-03-01
issuer: '{HOSTILE_ISSUER}'
issuer_state: '{HOSTILE_STATE}'
counsel: "Jane <b>Doe</b>"
law_firm: Doe & Roe LLP
form: S-3
file_number: 333-111111
securities: "'quoted', with, commas; and \\"double\\" quotes"
""")

LATER = exhibit_text("""\
exhibit: "5.1"
date: 2015-05-05
issuer: Example Holdings Inc.
counsel: John Roe
law_firm: Doe & Roe LLP
form: S-3ASR
file_number: [333-222222, 333-222222-01]
accession_number: 0000950123-15-000001
edgar_url: https://www.sec.gov/Archives/edgar/data/1234/000095012315000001/0000950123-15-000001-index.htm
securities: 500,000,000 aggregate principal amount of Senior Notes due 2025
added: 2026-11-22
""")

EXHIBITS = {"citigroup.md": SEED, "acme.md": HOSTILE, "example.md": LATER}
