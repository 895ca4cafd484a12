"""The affiliate's brand color: its WCAG contrast, and the stylesheet that applies it to
Material's header, buttons and links that use the primary color (in both color schemes)."""

from __future__ import annotations

DEFAULT_COLOR = "#17446b"
# Text and buttons drawn on the brand color are white; outlined buttons draw the brand
# color on the white page. Both need WCAG AA for normal text.
TEXT_ON_BRAND = "#ffffff"
MINIMUM_CONTRAST = 4.5


def _channels(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb color."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _mix(color: str, other: str, amount: float) -> str:
    pairs = zip(_channels(color), _channels(other), strict=True)
    mixed = (round(a + (b - a) * amount) for a, b in pairs)
    return "#" + "".join(f"{c:02x}" for c in mixed)


def brand_css(color: str) -> str:
    """Material's primary-color variables, set from the brand color in both schemes."""
    return (
        "/* Written by the build from the data file's brand.color (macros/brand.py). */\n"
        ':root,\n[data-md-color-scheme="default"],\n[data-md-color-scheme="slate"] {\n'
        f"  --md-primary-fg-color: {color};\n"
        f"  --md-primary-fg-color--light: {_mix(color, '#ffffff', 0.15)};\n"
        f"  --md-primary-fg-color--dark: {_mix(color, '#000000', 0.3)};\n"
        f"  --md-primary-bg-color: {TEXT_ON_BRAND};\n"
        "}\n"
    )
