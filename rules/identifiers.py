"""The national identifiers on a person's record: their formats and check characters.

A PNC number (Police National Computer ID) is a year, a serial number and a check letter,
written YY/NNNNNNND or YYYY/NNNNNNND. A CRO number (Criminal Records Office) is a serial
number, a two-digit year and a check letter, written NNNNNN/YYD, or SFYY/NNNNNND for one
that began as a Scottish fingerprint record. Both check letters are the same modulus 23
check: the year's two digits followed by the serial number (the PNC serial zero-padded to
7 digits, the CRO serial to 6; an SF serial as written) read as one number, divided by 23,
the remainder named by a letter: 0 is Z, 1 is A, 2 is B, ... skipping I, O and S.

Each number has one stored spelling (a PNC number with its four-digit year and padded
serial, YYYY/NNNNNNND; a CRO number with its padded serial), so a number typed two ways is
found as one.
"""

from __future__ import annotations

import re
from typing import Final

from rules.errors import RuleInputError
from rules.rule import Rule

_DATA_STANDARD = (
    "Criminal justice data standards, 'Police National Computer Id (PNC Id)' (Criminal Justice Hub "
    "jargon buster, 2021): YY and a 7-digit serial through the Modulus 23 algorithm, 1 is A ... 0 is Z, "
    "ignoring I, O and S"
)
_CRO_STANDARD = (
    "HMPPS data standard for the CRO number, as the HMPPS person record service validates it: "
    "NNNNNN/YYD or SFYY/NNNNNND, the check letter by the same Modulus 23 algorithm on YY and the serial"
)

PNC_CHECK_CHARACTER: Final = Rule(
    "identifiers.pnc_check_character",
    "PNC number format and check letter",
    "A PNC number is a two- or four-digit year, a serial of up to 7 digits and a check letter "
    "(YY/NNNNNNND or YYYY/NNNNNNND). The check letter is the remainder of the year's last two "
    "digits and the 7-digit serial, read as one number, divided by 23: 0 is Z, 1 is A, 2 is B "
    "and so on, skipping I, O and S.",
    _DATA_STANDARD,
)
CRO_CHECK_CHARACTER: Final = Rule(
    "identifiers.cro_check_character",
    "CRO number format and check letter",
    "A CRO number is a serial of up to 6 digits, a two-digit year and a check letter "
    "(NNNNNN/YYD), or SFYY/NNNNNND for a Scottish fingerprint record. The check letter is the "
    "remainder of the year's two digits and the serial (padded to 6 digits; an SF serial as "
    "written), read as one number, divided by 23, named as for a PNC number.",
    _CRO_STANDARD,
)

RULES: Final[tuple[Rule, ...]] = (PNC_CHECK_CHARACTER, CRO_CHECK_CHARACTER)

CHECK_LETTERS: Final = "ZABCDEFGHJKLMNPQRTUVWXY"  # index = remainder modulo 23
PNC_SERIAL_DIGITS: Final = 7
CRO_SERIAL_DIGITS: Final = 6

PNC_FORMAT_MESSAGE: Final = (
    "Enter the PNC number as a year, a serial number and a check letter, for example 2001/0012345H"
)
PNC_CHECK_MESSAGE: Final = "The PNC number's check letter does not match its year and serial number: check it"
CRO_FORMAT_MESSAGE: Final = (
    "Enter the CRO number as a serial number, a two-digit year and a check letter, for example 012345/99N, "
    "or SF99/012345N"
)
CRO_CHECK_MESSAGE: Final = "The CRO number's check letter does not match its serial number and year: check it"

_PNC_WITH_SLASH = re.compile(r"(\d{2}|\d{4})/(\d{1,7})([A-Z])")
_PNC_WITHOUT_SLASH = re.compile(r"(\d{2}|\d{4})(\d{7})([A-Z])")
_CRO = re.compile(r"(\d{1,6})/(\d{2})([A-Z])")
_CRO_SF = re.compile(r"SF(\d{2})/(\d{1,6})([A-Z])")


def check_letter(digits: str) -> str:
    """The modulus 23 check letter of a string of digits."""
    return CHECK_LETTERS[int(digits) % len(CHECK_LETTERS)]


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text).upper()


def _full_year(year: str, this_year: int) -> str:
    """A two-digit year is in this century up to this year, else the last (as the PNC writes it)."""
    if len(year) == 4:
        return year
    century = this_year // 100 * 100
    full = century + int(year)
    return str(full if full <= this_year else full - 100)


def normalise_pnc(text: str, *, this_year: int) -> str:
    """The PNC number's stored spelling, YYYY/NNNNNNND; "" for none. Raises RuleInputError
    (field "pnc") when it is not in a PNC format or its check letter does not match."""
    compact = _compact(text)
    if not compact:
        return ""
    match = _PNC_WITH_SLASH.fullmatch(compact) or _PNC_WITHOUT_SLASH.fullmatch(compact)
    if match is None:
        raise RuleInputError("pnc", PNC_FORMAT_MESSAGE)
    year, serial, letter = match.groups()
    serial = serial.zfill(PNC_SERIAL_DIGITS)
    if check_letter(year[-2:] + serial) != letter:
        raise RuleInputError("pnc", PNC_CHECK_MESSAGE)
    return f"{_full_year(year, this_year)}/{serial}{letter}"


def normalise_cro(text: str) -> str:
    """The CRO number's stored spelling (NNNNNN/YYD or SFYY/NNNNNND); "" for none. Raises
    RuleInputError (field "cro") when it is not in a CRO format or its check letter does not match."""
    compact = _compact(text)
    if not compact:
        return ""
    standard = _CRO.fullmatch(compact)
    if standard is not None:
        serial, year, letter = standard.groups()
        serial = serial.zfill(CRO_SERIAL_DIGITS)
        spelling = f"{serial}/{year}{letter}"
    else:
        scottish = _CRO_SF.fullmatch(compact)
        if scottish is None:
            raise RuleInputError("cro", CRO_FORMAT_MESSAGE)
        year, serial, letter = scottish.groups()
        spelling = f"SF{year}/{serial}{letter}"
    if check_letter(year + serial) != letter:
        raise RuleInputError("cro", CRO_CHECK_MESSAGE)
    return spelling


def pnc_for(year: int, serial: int) -> str:
    """A valid PNC number for a year and serial (for demo and test data)."""
    digits = f"{year % 100:02d}{serial:0{PNC_SERIAL_DIGITS}d}"
    return f"{year:04d}/{serial:0{PNC_SERIAL_DIGITS}d}{check_letter(digits)}"


def cro_for(serial: int, year: int) -> str:
    """A valid CRO number for a serial and two-digit year (for demo and test data)."""
    padded = f"{serial:0{CRO_SERIAL_DIGITS}d}"
    return f"{padded}/{year % 100:02d}{check_letter(f'{year % 100:02d}{padded}')}"
