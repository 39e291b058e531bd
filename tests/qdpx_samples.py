"""Small .qdpx files in the shapes real tools write (our own texts, their layouts and quirks).

Shapes measured on public exports: NVivo for Windows (``Sources/``, BOM and CRLF in the text,
UTF-16 positions, one selection per code, empty descriptions, ``name=""``, a selection's user
differing from its coding's), NVivo for Mac, ATLAS.ti (``<Name>.qde``, no XML declaration,
GUIDs in braces, CRLF counted once, quotes in selection names, a blank project without a
codebook), MAXQDA (CRLF text, code points, document sets with MemberSource) and QualCoder
(``plainTextPath`` without ``internal://``).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

G = {  # fixed GUIDs, so tests can name them
    "user1": "8ca3a2c1-8b7a-41c3-a9dd-a8fb46caa645",
    "user2": "1f0e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
    "src": "56a79789-d535-4fb8-bedd-a915504c54ba",
    "src2": "6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e",
    "cat": "3c51efbb-071f-43a7-9f32-228b89668e8d",
    "code1": "4d62f0cc-182f-44b8-a043-339c90779e9e",
    "code2": "5e73a1dd-293a-45c9-b154-44ad91880faf",
    "note": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
    "note2": "9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
    "set": "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a",
}

# Emoji (astral: two UTF-16 units), CJK, Urdu, a combining mark, and CRLF line breaks.
TEXT = ("Interview 1 \U0001F600\U0001F30D\r\n"
        "The drone strikes 無人機 changed everything.\r\n"
        "\U0001F4A5 ڈرون حملے were discussed openly; cafe\u0301 talk.\r\n"
        "Trust deficit grew after 2011.\r\n")
CANONICAL = TEXT.replace("\r\n", "\n")
WORDS = ["drone strikes", "ڈرون حملے", "Trust deficit"]  # the words each selection is on


def span(raw: str, words: str, unit: str) -> tuple[int, int]:
    """Where ``words`` are in ``raw`` counted the way a tool counts."""
    i = raw.index(words)
    before, inside = raw[:i], words
    if unit.endswith("-lf"):
        before = before.replace("\r\n", "\n")
    if unit.startswith("u16"):
        n = len(before.encode("utf-16-le")) // 2
        return n, n + len(inside.encode("utf-16-le")) // 2
    return len(before), len(before) + len(inside)


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def _codebook(ns_braces: bool = False, upper: bool = False) -> str:
    def g(key: str) -> str:
        v = G[key].upper() if upper else G[key]
        return "{" + v + "}" if ns_braces else v

    return (f'<CodeBook><Codes><Code guid="{g("cat")}" name="Security" isCodable="true">'
            "<Description/>"
            f'<Code guid="{g("code1")}" name="Drones" isCodable="true" color="#FF0000"><Description/></Code>'
            f'<Code guid="{g("code2")}" name="Urdu terms" isCodable="true"/>'
            "</Code></Codes></CodeBook>")


def nvivo_windows() -> bytes:
    unit = "u16-raw"
    sels = []
    for n, words in enumerate(WORDS):
        s, e = span(TEXT, words, unit)
        # one selection per code: the first span is coded twice, as two selections
        codes = ["code1", "cat"] if n == 0 else ["code2"] if n == 1 else ["cat"]
        for k, code in enumerate(codes):
            note = f'<NoteRef targetGUID="{G["note"]}"/>' if (n, k) == (0, 0) else ""
            sels.append(
                f'<PlainTextSelection guid="aa{n}{k}0901-8191-4db1-a3dd-a91626d56c4b" name="" '
                f'startPosition="{s}" endPosition="{e}" creatingUser="{G["user2"]}" '
                f'creationDateTime="2024-03-01T10:00:0{n}Z">'
                f'<Description/><Coding guid="bb{n}{k}0901-8191-4db1-a3dd-a91626d56c4b" '
                f'creatingUser="{G["user1"]}" creationDateTime="2024-03-01T10:00:0{n}Z">'
                f'<CodeRef targetGUID="{G[code]}"/></Coding>{note}</PlainTextSelection>')
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="Drones" '
           f'origin="NVivo for Windows 12.6" creatingUserGUID="{G["user1"]}" '
           'creationDateTime="2024-02-21T15:09:07Z" basePath="" xmlns="urn:QDA-XML:project:1.0">'
           f'<Users><User guid="{G["user1"]}" name="Ayesha" />'
           f'<User guid="{G["user2"]}" name="Bilal" /></Users>'
           + _codebook() +
           f'<Sources><TextSource guid="{G["src"]}" name="Interview 1" '
           f'richTextPath="internal://{G["src"]}.docx" plainTextPath="internal://{G["src"]}.txt" '
           'creationDateTime="2024-02-21T15:09:07Z"><Description/>' + "".join(sels) +
           "</TextSource></Sources>"
           f'<Notes><Note guid="{G["note"]}" name="On drones" creatingUser="{G["user1"]}" '
           'creationDateTime="2024-03-02T09:00:00Z"><PlainTextContent>Strikes named early.'
           "</PlainTextContent></Note></Notes></Project>")
    return zip_bytes({"project.qde": qde, f"Sources/{G['src']}.txt": b"\xef\xbb\xbf" + TEXT.encode()})


def nvivo_mac() -> bytes:
    """NVivo for Mac: sources/ in lower case, LF text, still UTF-16 units."""
    raw = CANONICAL
    sels = "".join(
        f'<PlainTextSelection guid="cc{n}00901-8191-4db1-a3dd-a91626d56c4b" name="" '
        f'startPosition="{span(raw, w, "u16-raw")[0]}" endPosition="{span(raw, w, "u16-raw")[1]}">'
        f'<Coding guid="dd{n}00901-8191-4db1-a3dd-a91626d56c4b"><CodeRef targetGUID="{G["code1"]}"/>'
        "</Coding></PlainTextSelection>" for n, w in enumerate(WORDS))
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project name="Mac" origin="NVivo 12.7 for Mac" '
           'xmlns="urn:QDA-XML:project:1.0">' + _codebook() +
           f'<Sources><TextSource guid="{G["src"]}" name="Interview 1" '
           f'plainTextPath="internal://{G["src"]}.txt">{sels}</TextSource></Sources></Project>')
    return zip_bytes({"project.qde": qde, f"sources/{G['src']}.txt": raw})


def atlas() -> bytes:
    sels = []
    for n, words in enumerate(WORDS):
        s, e = span(TEXT, words, "cp-lf")
        sels.append(
            f'<PlainTextSelection guid="{{EE{n}00901-8191-4DB1-A3DD-A91626D56C4B}}" name="{words}" '
            f'startPosition="{s}" endPosition="{e}" creatingUser="{{{G["user1"].upper()}}}">'
            f'<Coding guid="{{FF{n}00901-8191-4DB1-A3DD-A91626D56C4B}}" '
            f'creatingUser="{{{G["user1"].upper()}}}">'
            f'<CodeRef targetGUID="{{{G["code2" if n == 1 else "code1"].upper()}}}"/></Coding>'
            "</PlainTextSelection>")
    qde = ('<Project name="Drone study" origin="ATLAS.ti 23.2.1" '
           'xmlns="urn:QDA-XML:project:1.0">'
           f'<Users><User guid="{{{G["user1"].upper()}}}" name="Ayesha"/></Users>'
           + _codebook(ns_braces=True, upper=True) +
           f'<Sources><TextSource guid="{{{G["src"].upper()}}}" name="Interview 1" '
           f'plainTextPath="internal://{G["src"].upper()}.txt">' + "".join(sels) +
           "</TextSource></Sources>"
           f'<Sets><Set guid="{G["set"]}" name="Code group: Security">'
           f'<MemberCode targetGUID="{G["code1"]}"/></Set></Sets></Project>')
    return zip_bytes({"Drone study.qde": qde, f"sources/{G['src'].upper()}.txt": TEXT})


def atlas_blank() -> bytes:
    qde = ('<Project name="Blank" origin="ATLAS.ti 23" xmlns="urn:QDA-XML:project:1.0">'
           f'<Users><User guid="{G["user1"]}" name="Ayesha"/></Users></Project>')
    return zip_bytes({"Blank.qde": qde})


def maxqda() -> bytes:
    sels = "".join(
        f'<PlainTextSelection guid="ab{n}00901-8191-4db1-a3dd-a91626d56c4b" '
        f'startPosition="{span(TEXT, w, "cp-raw")[0]}" endPosition="{span(TEXT, w, "cp-raw")[1]}" '
        f'creatingUser="{G["user1"]}" creationDateTime="2024-04-01T08:00:00Z">'
        f'<Coding guid="ac{n}00901-8191-4db1-a3dd-a91626d56c4b" creatingUser="{G["user1"]}" '
        f'creationDateTime="2024-04-01T08:00:00Z"><CodeRef targetGUID="{G["code1"]}"/></Coding>'
        "</PlainTextSelection>" for n, w in enumerate(WORDS))
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project name="mx" origin="MAXQDA 2022 (Release 22.0.0)" '
           'xmlns="urn:QDA-XML:project:1.0">'
           f'<Users><User guid="{G["user1"]}" name="Ayesha"/></Users>' + _codebook() +
           f'<Sources><TextSource guid="{G["src"]}" name="Interview 1" '
           f'plainTextPath="internal://{G["src"]}.txt">{sels}</TextSource>'
           f'<TextSource guid="{G["src2"]}" name="Interview 2" plainTextPath="internal://{G["src2"]}.txt"/>'
           "</Sources>"
           f'<Sets><Set guid="{G["set"]}" name="Urban"><MemberSource targetGUID="{G["src"]}"/>'
           f'<MemberSource targetGUID="{G["src2"]}"/></Set></Sets></Project>')
    return zip_bytes({"project.qde": qde, f"sources/{G['src']}.txt": TEXT,
                      f"sources/{G['src2']}.txt": "Second interview.\r\n"})


def qualcoder() -> bytes:
    sels = "".join(
        f'<PlainTextSelection guid="ba{n}00901-8191-4db1-a3dd-a91626d56c4b" name="{w}" '
        f'startPosition="{span(CANONICAL, w, "cp-raw")[0]}" endPosition="{span(CANONICAL, w, "cp-raw")[1]}" '
        f'creatingUser="{G["user1"]}" creationDateTime="2024-05-01T08:00:00">'
        f'<Coding guid="bc{n}00901-8191-4db1-a3dd-a91626d56c4b" creatingUser="{G["user1"]}">'
        f'<CodeRef targetGUID="{G["code1"]}"/></Coding></PlainTextSelection>'
        for n, w in enumerate(WORDS))
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project name="qc" origin="QualCoder 3.5" '
           'xmlns="urn:QDA-XML:project:1.0">'
           f'<Users><User guid="{G["user1"]}" name="default"/></Users>' + _codebook() +
           f'<Sources><TextSource guid="{G["src"]}" plainTextPath="board_2017.txt">{sels}'
           "</TextSource></Sources></Project>")
    return zip_bytes({"project.qde": qde, "sources/board_2017.txt": CANONICAL})


SHAPES = {"nvivo-windows": nvivo_windows, "nvivo-mac": nvivo_mac, "atlas": atlas,
          "maxqda": maxqda, "qualcoder": qualcoder}


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
