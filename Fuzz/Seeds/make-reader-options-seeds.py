#!/usr/bin/env python3
"""Writes the seed corpus of FuzzReaderOptions (Fuzz/Corpus/FuzzReaderOptions).

Each seed is three option bytes (see Fuzz/Sources/FuzzReaderOptions/FuzzReaderOptions.swift),
then, for recode mode 3, a --recode file and a NUL byte, then a response file. Every file is
written under each cross-check (byte 2 = 0..5), so every check starts from every shape.
Run from the repository root: python3 Fuzz/Seeds/make-reader-options-seeds.py
"""
import os

out = os.path.join(os.path.dirname(__file__), "..", "Corpus", "FuzzReaderOptions")
os.makedirs(out, exist_ok=True)

qualtrics = ("\ufeffResponseId,StartDate,Q1,Q2,Q3,Finished\r\n"
             "Response ID,Start Date,\"How often?\r\n(Q1)\",Q2 text,Q3 text,Finished\r\n"
             "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\","
             "\"{\"\"ImportId\"\":\"\"QID2\"\"}\",\"{\"\"ImportId\"\":\"\"QID3\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\"\r\n"
             "R_1,1,Never,Sometimes,Always,1\r\n"
             "R_2,1,très souvent, ALWAYS ,99,1\r\n"
             "R_3,2,Not answered,-99,N/A,0\r\n"
             "R_4,1,Hardly ever,Sehr oft,No answer,1\r\n")
semicolon = "id;a;b;c\n1;1,5;2;4,5\n2;3;4,0;Never\n1;2.5;1,25;5\n3;\"3,5\";Keine Angabe;a;b\n"
cp1252 = ("id,q1,q2\r\n".encode() + b"Ren\x92e,Tr\xe8s souvent,Never\r\n" + b"x\x80y,1,2\r\n"
          + b"\xe9,Always,\x81\r\n")
utf16_text = "id\tq1\tq2\n1\tAlways\tTrès souvent\n2\t3,5\t4\n"
recode_own = "item,label,value\n*,Nie,1\ni1,\"Oft, sehr\",4\n*,keine,NA\n"

seeds = {
    # byte 0, byte 1, body
    "qualtrics-detect": (0x00, 0x40, qualtrics.encode()),
    "qualtrics-recodeA-where-last": (0x00, 0x40 | 0x10 | 0x08, qualtrics.encode()),
    "qualtrics-skip0-reject": (0x01, 0x01 | 0x40, qualtrics.encode()),
    "qualtrics-skip2-compact": (0x00, 0x02 | 0x40 | 0x80, qualtrics.encode()),
    "semicolon-auto": (0x00, 0x40, semicolon.encode()),
    "semicolon-decimal-comma": (0x20, 0x40 | 0x20, semicolon.encode()),
    "semicolon-no-decimal-comma": (0x40, 0x04, semicolon.encode()),
    "semicolon-forced-fail": (0x82, 0x40 | 0x0C, semicolon.encode()),
    "cp1252": (0x08, 0x40, cp1252),
    "cp1252-as-latin1": (0x0C, 0x40 | 0x80, cp1252),
    "cp1252-as-utf8": (0x04, 0x40, cp1252),
    "utf16le-bom": (0x00, 0x40, b"\xff\xfe" + utf16_text.encode("utf-16-le")),
    "utf16be-bom-decimal-comma": (0x20, 0x40, b"\xfe\xff" + utf16_text.encode("utf-16-be")),
    "utf16le-option": (0x10, 0x40, utf16_text.encode("utf-16-le")),
    "utf16be-option-recodeB": (0x14, 0x40 | 0x20, utf16_text.encode("utf-16-be")),
    "recode-own": (0x00, 0x40 | 0x30, recode_own.encode() + b"\x00" + "id,q1,q2\n1,Nie,keine\n2,\"Oft, sehr\",3\n".encode()),
}
n = 0
for name, (b0, b1, body) in seeds.items():
    for check in range(6):
        with open(os.path.join(out, f"{name}-{check}"), "wb") as f:
            f.write(bytes([b0, b1, check]) + body)
        n += 1
print(f"{n} seeds in {out}")
