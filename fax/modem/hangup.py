"""Why a fax call ended: Class 2 / 2.0 hang-up status codes in Japanese and English.

Class 2 (SP-2388) reports ``+FHNG:<decimal>``; Class 2.0 (T.32) reports
``+FHS:<hex>`` where the first hex digit is the phase, so ``+FHS:A0`` is the
same event as ``+FHNG:100``. Codes are kept here in the decimal form.
Besides the table there are the plain result codes (BUSY, NO ANSWER, …)
that end a call before any fax handshake; they get negative numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

# Negative codes: call outcomes reported by result codes rather than +FHS.
BUSY = -1
NO_ANSWER = -2
NO_CARRIER = -3
NO_DIALTONE = -4
MODEM_ERROR = -5
LOCAL_ABORT = -6
PAGE_REJECTED = -7
DATA_TIMEOUT = -8

# code: (category, Japanese, English). Categories drive the retry policy.
_TABLE: dict[int, tuple[str, str, str]] = {
    BUSY: ("busy", "相手先が話し中です", "The number is busy"),
    NO_ANSWER: ("no_answer", "相手先が応答しません", "No answer"),
    NO_CARRIER: ("line", "回線が切断されました（キャリアなし）", "Line dropped (no carrier)"),
    NO_DIALTONE: (
        "line",
        "発信音が検出できません。電話線を確認してください",
        "No dial tone: check the phone line",
    ),
    MODEM_ERROR: ("modem", "モデムがエラーを返しました", "The modem reported an error"),
    LOCAL_ABORT: ("cancelled", "送受信を中止しました", "Cancelled at this end"),
    PAGE_REJECTED: (
        "line",
        "相手先が再送後もページを受け付けませんでした（回線品質不良）",
        "The receiver rejected a page even after retransmission (poor line)",
    ),
    DATA_TIMEOUT: (
        "line",
        "ページデータが途中で途絶えました",
        "The page data stopped arriving",
    ),
    0: ("ok", "正常に終了しました", "Normal end of call"),
    1: (
        "line",
        "着信しましたがファクス手順が始まりませんでした",
        "Rang, but no fax handshake followed",
    ),
    2: ("cancelled", "送受信を中止しました（+FK/CAN）", "Call aborted (+FK or CAN)"),
    3: (
        "line",
        "回線電流がありません。電話線を確認してください",
        "No loop current: check the phone line",
    ),
    4: ("no_answer", "呼び出しましたが相手先が応答しません", "Ringback detected, no answer"),
    5: (
        "remote",
        "応答しましたがファクスではありません（CEDなし）",
        "Answered without fax tone (no CED)",
    ),
    10: (
        "line",
        "呼出し段階で不明なエラーが起きました",
        "Unspecified error while calling (phase A)",
    ),
    11: (
        "no_answer",
        "相手先のファクスが応答しません（T1タイムアウト）",
        "No answer from a fax (T.30 T1 timeout)",
    ),
    20: (
        "line",
        "送信前の手順（フェーズB）で不明なエラーが起きました",
        "Unspecified transmit phase B error",
    ),
    21: ("remote", "相手先は受信も送信もできません", "The remote cannot receive or send"),
    22: (
        "line",
        "送信前の手順で命令を受信できませんでした",
        "Transmit phase B: command reception error",
    ),
    23: (
        "line",
        "送信前の手順で無効な命令を受信しました",
        "Transmit phase B: invalid command received",
    ),
    24: (
        "line",
        "送信前の手順で応答を受信できませんでした",
        "Transmit phase B: response reception error",
    ),
    25: ("line", "DCSを3回送りましたが応答がありません", "DCS sent three times without response"),
    26: (
        "remote",
        "DIS/DTCを3回受信しました。DCSが認識されません",
        "DIS/DTC received three times: DCS not recognised",
    ),
    27: (
        "training",
        "最低速度でもトレーニングに失敗しました",
        "Training failed at the lowest speed",
    ),
    28: (
        "line",
        "送信前の手順で無効な応答を受信しました",
        "Transmit phase B: invalid response received",
    ),
    29: ("line", "送信前の手順で応答がありません", "Transmit phase B: no response"),
    40: (
        "line",
        "画像送信中（フェーズC）に不明なエラーが起きました",
        "Unspecified transmit phase C error",
    ),
    41: ("document", "画像の形式に誤りがあります", "Unspecified image format error"),
    42: ("document", "画像の変換に失敗しました", "Image conversion error"),
    43: (
        "modem",
        "パソコンからモデムへのデータが途切れました（アンダーフロー）",
        "Host to modem data underflow",
    ),
    44: ("modem", "認識できない透過データ命令です", "Unrecognised transparent data command"),
    45: ("document", "画像の走査線の長さが誤っています", "Image error: wrong line length"),
    46: ("document", "画像のページの長さが誤っています", "Image error: wrong page length"),
    47: ("document", "画像の符号化方式が誤っています", "Image error: wrong compression code"),
    50: (
        "line",
        "送信後の手順（フェーズD）で不明なエラーが起きました",
        "Unspecified transmit phase D error",
    ),
    51: (
        "line",
        "送信後の手順で応答を受信できませんでした",
        "Transmit phase D: response reception error",
    ),
    52: (
        "line",
        "MPSを3回送りましたが応答がありません（回線断の可能性）",
        "No response to MPS repeated three times (line lost?)",
    ),
    53: ("line", "MPSに対して無効な応答を受信しました", "Invalid response to MPS"),
    54: (
        "line",
        "EOPを3回送りましたが応答がありません（回線断の可能性）",
        "No response to EOP repeated three times (line lost?)",
    ),
    55: ("line", "EOPに対して無効な応答を受信しました", "Invalid response to EOP"),
    56: ("line", "EOMを3回送りましたが応答がありません", "No response to EOM repeated three times"),
    57: ("line", "EOMに対して無効な応答を受信しました", "Invalid response to EOM"),
    58: ("remote", "PIN/PIPの後、続行できません", "Unable to continue after PIN or PIP"),
    70: (
        "line",
        "受信前の手順（フェーズB）で不明なエラーが起きました",
        "Unspecified receive phase B error",
    ),
    71: (
        "line",
        "受信前の手順で応答を受信できませんでした",
        "Receive phase B: response reception error",
    ),
    72: (
        "line",
        "受信前の手順で命令を受信できませんでした",
        "Receive phase B: command reception error",
    ),
    73: (
        "line",
        "待っていたページが届きません（T2タイムアウト）",
        "Expected page not received (T.30 T2 timeout)",
    ),
    74: (
        "line",
        "EOMの後、相手先から応答がありません（T1タイムアウト）",
        "No response after EOM (T.30 T1 timeout)",
    ),
    90: (
        "line",
        "画像受信中（フェーズC）に不明なエラーが起きました",
        "Unspecified receive phase C error",
    ),
    91: (
        "line",
        "画像受信中に信号が途絶えました（5秒間EOLなし）",
        "Page data stopped: no EOL for 5 seconds",
    ),
    92: ("line", "未使用のコードです", "Unused code"),
    93: ("modem", "モデムからパソコンへのデータがあふれました", "Modem to host buffer overflow"),
    94: ("line", "ECM/BFTのフレームまたはCRCに誤りがあります", "Bad CRC or frame (ECM or BFT)"),
    95: ("line", "画像受信中にエラーが起きました（ECM）", "Receive phase C error (ECM)"),
    100: (
        "line",
        "受信後の手順（フェーズD）で不明なエラーが起きました",
        "Unspecified receive phase D error",
    ),
    101: (
        "line",
        "受信後の手順で無効な応答を受信しました",
        "Receive phase D: invalid response received",
    ),
    102: (
        "line",
        "受信後の手順で無効な命令を受信しました",
        "Receive phase D: invalid command received",
    ),
    103: ("remote", "PIN/PIPの後、続行できません", "Unable to continue after PIN or PIP"),
}

_RANGES: tuple[tuple[int, int, str, str, str], ...] = (
    (0, 9, "line", "呼出し・切断に関するエラー", "Call placement or termination error"),
    (10, 19, "line", "呼出し段階（フェーズA）のエラー", "Transmit phase A error"),
    (20, 39, "line", "送信前の手順（フェーズB）のエラー", "Transmit phase B error"),
    (40, 49, "line", "画像送信中（フェーズC）のエラー", "Transmit phase C error"),
    (50, 69, "line", "送信後の手順（フェーズD）のエラー", "Transmit phase D error"),
    (70, 89, "line", "受信前の手順（フェーズB）のエラー", "Receive phase B error"),
    (90, 99, "line", "画像受信中（フェーズC）のエラー", "Receive phase C error"),
    (100, 119, "line", "受信後の手順（フェーズD）のエラー", "Receive phase D error"),
)


@dataclass(frozen=True)
class HangupReason:
    """A hang-up code with its meaning. ``category`` is one of ok, busy,
    no_answer, training, line, remote, document, modem, cancelled."""

    code: int
    category: str
    japanese: str
    english: str

    @property
    def ok(self) -> bool:
        return self.category == "ok"

    def message(self) -> str:
        """Japanese first, then English, with the code for the support desk."""
        label = f"（コード {self.code}）" if self.code >= 0 else ""
        return f"{self.japanese}{label} / {self.english}"

    def __str__(self) -> str:
        return self.message()


def describe(code: int) -> HangupReason:
    """The meaning of a decimal (Class 2 numbered) hang-up code; never fails."""
    if code in _TABLE:
        category, japanese, english = _TABLE[code]
        return HangupReason(code, category, japanese, english)
    for low, high, category, japanese, english in _RANGES:
        if low <= code <= high:
            return HangupReason(code, category, japanese, f"{english} (code {code})")
    return HangupReason(
        code, "line", f"不明な終了コード {code} です", f"Unknown hang-up code {code}"
    )


def known_codes() -> list[int]:
    return sorted(_TABLE)


def parse_code(text: str, *, hexadecimal: bool) -> int | None:
    """A +FHNG (decimal) or +FHS (hex, phase in the first digit) value as a decimal code."""
    value = text.strip().split(",")[0].strip()
    if not value:
        return None
    try:
        if not hexadecimal:
            return int(value, 10)
        number = int(value, 16)
    except ValueError:
        return None
    if number > 0xFF:
        return None
    return (number >> 4) * 10 + (number & 0x0F)


def format_code(code: int, *, hexadecimal: bool) -> str:
    """How a modem would spell ``code`` in +FHNG (decimal) or +FHS (two hex digits)."""
    if not hexadecimal:
        return str(code)
    tens, units = divmod(code, 10)
    return f"{tens:X}{units:X}"
