"""The load test's mix as plain data (issue 17.4): who logs in, which pages they open, under which name
each request is reported. No locust and no Django here: the locustfile builds its requests from this
module, and tests/load/test_locustfile.py checks every page against canbo's URL configuration (the URL
name reversed gives the path; the path resolves to the URL name) without importing locust, which
monkey-patches the standard library with gevent when it is imported."""

import hashlib
import hmac
import io
import random
import re
import struct
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

DEMO_PASSWORD = "canbo-demo-2025"  # canbo/demo/management/commands/demo.py


@dataclass(frozen=True)
class Page:
    """One row of the report: its name, Django's URL name, the path ("{pk}" where an object's id goes;
    a query string after "?") and a text the answer must hold to count as a success ("": any page)."""

    name: str
    url_name: str
    path: str
    expect: str = ""

    def at(self, pk: int | None = None) -> str:
        return self.path.format(pk=pk) if pk is not None else self.path


LOGIN_FORM = Page("login: form", "login", "/dang-nhap/")
LOGIN = Page("login: password", "login", "/dang-nhap/")
ACCOUNT = Page("login: account page", "accounts:account", "/tai-khoan/")
MFA_VERIFY = Page("login: two-factor code", "accounts:mfa_verify", "/tai-khoan/xac-thuc/")
MFA_ENROL = Page("login: two-factor enrolment", "accounts:mfa_enrol", "/tai-khoan/xac-thuc/dang-ky/")

# Focal officers (đầu mối): the home page is their to-do list.
TODO = Page("focal: to-do list (/)", "home", "/", 'id="todo"')
OCCURRENCES = Page("focal: occurrence list", "plans:occurrences", "/ke-hoach/nhiem-vu/")
OCCURRENCE = Page("focal: occurrence page", "plans:occurrence", "/ke-hoach/luot/{pk}/", 'id="report-form"')
REPORT = Page(  # answered by the occurrence page (a redirect), with the message
    "focal: submit report + file", "plans:report_create", "/ke-hoach/luot/{pk}/bao-cao/", "Đã gửi báo cáo"
)

# Sở Nội vụ: the home page is the office's overview (plans and targets at a glance).
OVERVIEW = Page("noivu: overview (/)", "home", "/", 'id="overdue-count"')
PLAN_DASHBOARD = Page("noivu: plan dashboard", "plans:dashboard", "/ke-hoach/")
INDICATORS = Page("noivu: indicators", "indicators:dashboard", "/chi-tieu/")
REVIEW_QUEUE = Page("noivu: reports waiting", "plans:review_queue", "/ke-hoach/bao-cao/cho-xem-xet/")

# Leaders: the home page is the one-page briefing; the names behind "leaders under 40" on asking.
BRIEFING = Page("leader: briefing (/)", "home", "/", 'id="key-figures"')
BRIEFING_UNDER_40 = Page("leader: under-40 names", "home", "/?xem=lanh-dao-duoi-40", 'id="under-40"')

# Sở Nội vụ's data-entry clerk: one import of 1,000 people (the template's columns).
IMPORT_FORM = Page("import: form", "people:import", "/can-bo/nhap-excel/")
IMPORT = Page("import: 1,000 people (Excel)", "people:import", "/can-bo/nhap-excel/", "Đã nhập")

PAGES = [
    LOGIN_FORM,
    LOGIN,
    ACCOUNT,
    MFA_VERIFY,
    MFA_ENROL,
    TODO,
    OCCURRENCES,
    OCCURRENCE,
    REPORT,
    OVERVIEW,
    PLAN_DASHBOARD,
    INDICATORS,
    REVIEW_QUEUE,
    BRIEFING,
    BRIEFING_UNDER_40,
    IMPORT_FORM,
    IMPORT,
]

# The demo's accounts (canbo demo load): the focal officers of Khánh Hòa's departments and Sở Tài
# chính's; Sở Nội vụ's officer; the province's leader; Sở Nội vụ's data-entry clerk.
FOCAL_ACCOUNTS = [
    "daumoi.vp",
    "daumoi.ttr",
    "daumoi.snv",
    "daumoi.stp",
    "daumoi.sct",
    "daumoi.snnmt",
    "daumoi.sxd",
    "daumoi.skhcn",
    "daumoi.svhttdl",
    "daumoi.sgddt",
    "daumoi.syt",
    "daumoi.sdttg",
    "taichinh",
]
HOME_AFFAIRS_ACCOUNT = "noivu"
LEADER_ACCOUNT = "lanhdao"
IMPORT_ACCOUNT = "nhaplieu"

# Environment variables the locustfile reads (set by `canbo bench load`).
ENV_TOTP_KEYS = "CANBO_LOAD_TOTP_KEYS"  # "user:hexkey,user:hexkey": the two-factor devices' keys
ENV_IMPORT_FILE = "CANBO_LOAD_IMPORT_FILE"  # the .xlsx of 1,000 people; no import without it
ENV_IMPORT_AFTER = "CANBO_LOAD_IMPORT_AFTER"  # seconds after the clerk's login (default 30)
ENV_MAX_USERS = "CANBO_LOAD_MAX_USERS"  # the bound on -u (default 500)

ALLOWED_HOST = "127.0.0.1"
MAX_USERS = 500  # unless CANBO_LOAD_MAX_USERS says otherwise


def refusal(
    *,
    host: str | None,
    headless: bool,
    run_time: int | None,
    users: int | None,
    spawn_rate: float | None,
    max_users: int = MAX_USERS,
) -> str | None:
    """Why a run is refused, or None: only plain HTTP to 127.0.0.1, headless, with the run time, the
    number of users (at most max_users) and the spawn rate given — so that it stops by itself."""
    parts = urlsplit(host or "")
    if parts.scheme != "http" or parts.hostname != ALLOWED_HOST:
        return f"only http://{ALLOWED_HOST}:PORT is load-tested, not {host!r}"
    if not headless:
        return "run headless (--headless): the run must stop by itself"
    if not run_time:
        return "give the run time (-t 5m)"
    if not users or users > max_users:
        return f"give the number of users (-u N, at most {max_users})"
    if not spawn_rate:
        return "give the spawn rate (-r R)"
    return None


# --- What the pages carry ---------------------------------------------------------------------------

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SECRET_RE = re.compile(r'id="mfa-secret"[^>]*>([A-Z2-7 ]+)<')  # accounts/mfa_enrol.html
# A link to an occurrence, as the to-do list writes it (the path of OCCURRENCE, its id captured).
OCCURRENCE_RE = re.compile('href="' + re.escape(OCCURRENCE.path).replace(re.escape("{pk}"), r"(\d+)") + '"')
# The to-do list's lists of what the officer may report on (canbo/templates/canbo/home.html).
TODO_LISTS = ("todo-returned", "todo-overdue", "todo-due-soon")


def csrf(html: str) -> str:
    """The form's CSRF token ("" when the page has no form)."""
    found = CSRF_RE.search(html)
    return found.group(1) if found else ""


def reportable(html: str) -> list[int]:
    """The occurrences in the to-do list's returned, overdue and due-soon lists."""
    found: list[int] = []
    for list_id in TODO_LISTS:
        start = html.find(f'id="{list_id}"')
        if start >= 0:
            end = html.find("</ul>", start)
            found.extend(int(pk) for pk in OCCURRENCE_RE.findall(html, start, end if end >= 0 else len(html)))
    return found


def totp(key: bytes, at: float, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (HMAC-SHA1) at the time `at`, as django-otp's TOTPDevice computes it by default."""
    counter = struct.pack(">Q", int(at) // step)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def totp_keys(value: str) -> dict[str, bytes]:
    """The devices' keys from "user:hexkey,user:hexkey"."""
    keys = {}
    for item in value.split(","):
        if ":" in item:
            user, hexkey = item.split(":", 1)
            keys[user.strip()] = bytes.fromhex(hexkey.strip())
    return keys


# --- A progress report ------------------------------------------------------------------------------


def report_fields(*, username: str, token: str, day: str, rng: random.Random) -> dict[str, str]:
    """The report form's fields (plans.forms.ReportForm) for a report of work in progress: the
    occurrence stays on the to-do list, so the next round finds work too. `day` is dd/mm/yyyy."""
    return {
        "csrfmiddlewaretoken": token,
        "progress": "dang",  # plans.rules.Progress.IN_PROGRESS
        "percent": str(rng.randint(10, 90)),
        "narrative": "Đã triển khai, đang tổng hợp kết quả của các phòng, đơn vị trực thuộc.",
        "document_number": f"{rng.randint(1, 999)}/BC-{username.split('.')[-1].upper()}",
        "document_date": day,
        "document_issuer": "Cơ quan đầu mối",
    }


def report_document(*, username: str, pk: int, rng: random.Random) -> tuple[str, bytes, str]:
    """The report's document, half the time a PDF and half a Word file: (name, content, type)."""
    title = f"Bao cao tien do {username} luot {pk}"
    if rng.random() < 0.5:
        return f"bao-cao-{pk}.pdf", pdf_document(title), "application/pdf"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return f"bao-cao-{pk}.docx", docx_document(title), docx


def pdf_document(title: str) -> bytes:
    """A small one-page PDF (under 1 KB) carrying its title (ASCII)."""
    text = title.encode("ascii", "replace")
    body = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx_document(title: str) -> bytes:
    """A minimal Word document (about 1 KB): the three parts a .docx needs and 39 paragraphs."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
        '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
        'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    paragraphs = "".join(f"<w:p><w:r><w:t>{title} — đoạn {i}</w:t></w:r></w:p>" for i in range(1, 40))
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{paragraphs}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("[Content_Types].xml", content_types)
        docx.writestr("_rels/.rels", rels)
        docx.writestr("word/document.xml", document)
    return out.getvalue()
