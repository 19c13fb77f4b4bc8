from typing import Any, Optional

__version__: str

class OcppFrameError(ValueError):
    error_code: str
    message_id: Optional[str]

def parse_frame(text: str) -> dict[str, Any]: ...
