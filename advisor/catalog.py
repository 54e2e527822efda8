"""Find, load and validate pricing files: bundled ones, or a user's own."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from advisor.errors import CatalogError, InputError
from advisor.loading import load_model
from advisor.models.catalog import PricingFile


def bundled_pricing_dir() -> Path:
    """The pricing folder shipped in the wheel, or the repository's own when run from source."""
    packaged = Path(__file__).parent / "_data" / "pricing"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "pricing"


def bundled_regions(provider: str = "aws") -> list[str]:
    """Regions with a bundled pricing file."""
    folder = bundled_pricing_dir() / provider
    return sorted(p.stem for p in folder.glob("*.yaml"))


@cache
def load_pricing_file(path: Path) -> PricingFile:
    """Load and validate one pricing file; any problem is a CatalogError naming it."""
    try:
        return load_model(PricingFile, path)
    except InputError as exc:
        raise CatalogError(f"bad pricing file: {exc.message}", exc.location) from None


class Catalog:
    """Pricing files by region: the bundled set, or one or more files the user points at."""

    def __init__(self, files: list[Path] | None = None) -> None:
        self._explicit: dict[str, PricingFile] = {}
        for path in files or []:
            pricing = load_pricing_file(path.resolve())
            self._explicit[pricing.region] = pricing

    @property
    def regions(self) -> list[str]:
        """Every region this catalog can price."""
        if self._explicit:
            return sorted(self._explicit)
        return bundled_regions()

    def for_region(self, region: str) -> PricingFile:
        """The pricing file of a region; KeyError when there is none."""
        if self._explicit:
            return self._explicit[region]
        path = bundled_pricing_dir() / "aws" / f"{region}.yaml"
        if not path.is_file():
            raise KeyError(region)
        return load_pricing_file(path)

    def describe(self, region: str) -> str:
        """A short name of the file a region's rates came from."""
        if self._explicit:
            return f"{region} (user pricing file)"
        return f"pricing/aws/{region}.yaml (bundled)"
