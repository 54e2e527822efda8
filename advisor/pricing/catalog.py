"""Find, load and validate pricing files: bundled ones, or a user's own."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from functools import cache
from pathlib import Path

from advisor.errors import CatalogError, InputError
from advisor.input.loading import load_model
from advisor.models.bounds import REGION
from advisor.models.catalog import PricingFile, iter_rates


@cache
def bundled_pricing_dir() -> Path:
    """The pricing folder shipped in the wheel, or the repository's own when run from source."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_data" / "pricing"
    if packaged.is_dir():
        return packaged
    return package.parent / "pricing"


def bundled_regions(provider: str = "aws") -> list[str]:
    """Regions with a bundled pricing file."""
    folder = bundled_pricing_dir() / provider
    return sorted(p.stem for p in folder.glob("*.yaml"))


DATA_DIR_VARIABLE = "ADVISOR_DATA_DIR"
"""Overrides the user data folder (platformdirs honours XDG_DATA_HOME on Linux only)."""


def user_pricing_dir() -> Path:
    """Where `advisor pricing update` writes and reports look first: the platform's user data
    folder (~/.local/share/advisor/pricing on Linux), never the installed package, which a
    reinstall would replace."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override) / "pricing"
    import platformdirs  # only when a region is first looked up

    return platformdirs.user_data_path("advisor") / "pricing"


def user_regions(provider: str = "aws") -> dict[str, Path]:
    """Regions with a pricing file in the user data folder, and the file."""
    folder = user_pricing_dir() / provider
    try:
        return {p.stem: p for p in sorted(folder.glob("*.yaml")) if p.is_file()}
    except OSError:
        return {}


def shown_path(path: Path) -> str:
    """A path as a report shows it: under the home folder as `~/...`, so a saved report does not
    carry the user's name."""
    home = Path.home()
    try:
        return "~/" + path.relative_to(home).as_posix()
    except ValueError:
        return str(path)


def load_pricing_file(path: Path) -> PricingFile:
    """Load and validate one pricing file; any problem is a CatalogError naming it. Loaded once
    per version of the file (its size and modification time)."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    return _load_pricing_file(path, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@cache
def _load_pricing_file(path: Path, mtime_ns: int, size: int) -> PricingFile:
    try:
        return load_model(PricingFile, path)
    except InputError as exc:
        raise CatalogError(f"bad pricing file: {exc.message}", exc.location) from None


class Catalog:
    """Pricing files by region: one or more files the user points at, or else the user's own
    (written by `advisor pricing update`) before the bundled set. A catalog reads each file once,
    so one run prices every workload from the same figures."""

    def __init__(self, files: list[Path] | None = None) -> None:
        self._explicit: dict[str, PricingFile] = {}
        self._loaded: dict[str, tuple[PricingFile, str]] = {}
        self._user: dict[str, Path] | None = None
        today = dt.date.today()
        for path in files or []:
            pricing = load_pricing_file(path.resolve())
            problems = pricing_problems(pricing, today)  # what `pricing validate` checks
            if problems:
                raise CatalogError(f"{path}: bad pricing file: {problems[0]}")
            self._explicit[pricing.region] = pricing

    def _user_files(self) -> dict[str, Path]:
        if self._user is None:
            self._user = user_regions()
        return self._user

    @property
    def regions(self) -> list[str]:
        """Every region this catalog can price."""
        if self._explicit:
            return sorted(self._explicit)
        return sorted(set(bundled_regions()) | set(self._user_files()))

    def for_region(self, region: str) -> PricingFile:
        """The pricing file of a region; KeyError when there is none."""
        if self._explicit:
            return self._explicit[region]
        if region not in self._loaded:
            self._loaded[region] = self._load(region)
        return self._loaded[region][0]

    def _load(self, region: str) -> tuple[PricingFile, str]:
        if not REGION.match(region):  # never a path built from `../..`
            raise KeyError(region)
        user = self._user_files().get(region)
        if user is not None:
            pricing = load_pricing_file(user.resolve())
            if pricing.region != region:
                raise CatalogError(
                    f"{user}: holds region '{pricing.region}', not '{region}' as its name says; "
                    f"rebuild it with `advisor pricing update --region {region}` or delete it"
                )
            return pricing, f"{shown_path(user)} (user data)"
        path = bundled_pricing_dir() / "aws" / f"{region}.yaml"
        if "/" in region or "\\" in region or not path.is_file():
            raise KeyError(region)
        return load_pricing_file(path), f"pricing/aws/{region}.yaml (bundled)"

    def from_user_data(self) -> list[str]:
        """The regions this catalog has priced from the user's own files so far."""
        return sorted(r for r, (_, name) in self._loaded.items() if name.endswith("(user data)"))

    def describe(self, region: str) -> str:
        """A short name of the file a region's rates came from."""
        if self._explicit:
            return f"{region} (user pricing file)"
        if region not in self._loaded:
            self._loaded[region] = self._load(region)
        return self._loaded[region][1]


def pricing_problems(
    pricing: PricingFile, today: dt.date, *, allow_stand_ins: bool = False
) -> list[str]:
    """What a schema-valid pricing file still gets wrong: unknown sources, dates in the future,
    and (unless allowed) stand-in figures that are not the region's own.

    The schema already rejects negative or missing rates and tiers that do not rise."""
    problems = []
    if pricing.effective_date > today:
        problems.append(f"effective_date {pricing.effective_date} is in the future")
    for key, source in pricing.all_sources.items():
        if source.checked is not None and source.checked > today:
            problems.append(f"sources.{key}.checked {source.checked} is in the future")
    known = pricing.all_sources
    for path, rate in iter_rates(pricing):
        if rate.source and rate.source not in known:
            problems.append(f"{path}.source: '{rate.source}' is not among the sources")
    if not allow_stand_ins:
        for path, reason in stand_ins(pricing):
            problems.append(f"{path} is a stand-in ({reason}); allow with --allow-stand-ins")
    return problems


def stand_ins(pricing: PricingFile) -> list[tuple[str, str]]:
    """Every figure that is not a published figure for the file's region, with the reason (see
    `PricingFile.stand_ins`, worked out once per file)."""
    return pricing.stand_ins


def rate_table(pricing: PricingFile) -> dict[str, tuple[Decimal, str]]:
    """Every price in a file by a readable key (tiers and instance types spelled out)."""
    table: dict[str, tuple[Decimal, str]] = {}
    for path, rate in iter_rates(pricing):
        bands = rate.bands
        for number, band in enumerate(bands, start=1):
            key = path if len(bands) == 1 else f"{path} tier {number}"
            table[key] = (band.price, rate.unit)
    for name, instance in pricing.ec2.instances.items():
        table[f"ec2.instances.{name}"] = (instance.hourly, "instance-hour")
    return table


def diff_pricing(
    old: PricingFile, new: PricingFile
) -> list[tuple[str, Decimal | None, Decimal | None, str]]:
    """(key, old price, new price, unit) for every price that changed, appeared or went away."""
    before, after = rate_table(old), rate_table(new)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old_price = before[key][0] if key in before else None
        new_price = after[key][0] if key in after else None
        if old_price != new_price:
            unit = (after.get(key) or before[key])[1]
            changes.append((key, old_price, new_price, unit))
    return changes
