"""/settings screens: the person's time zone (Russia's eleven, by city) and which scheduled messages they want; the
question about a typed date that has passed this year."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.core.buttons import MenuCb
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.core.people import User
from bot.core.screens import Screen, button
from bot.features.reminders.buttons import FamilyCb, SettingsCb, ZoneCb
from bot.features.reminders.letters import FAMILIES

# Russia's time zones from west to east, each by its best-known city (the UI string key is outbox-city-<zone>).
ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)


def zone_of(user: User, settings: Settings) -> ZoneInfo:
    return ZoneInfo(user.time_zone or settings.timezone)


def zone_name(t: Translator, user: User, settings: Settings) -> str:
    """The person's zone by its city, or its IANA name when TIMEZONE is outside Russia's list."""
    return city(t, user.time_zone or settings.timezone)


def city(t: Translator, zone: str) -> str:
    return t(f"outbox-city-{zone.split('/')[1].lower()}") if zone in ZONES else zone


# The weekly statistics digest and the class news go to coordinators and administrators only; nobody else is offered
# the switches.
STAFF_FAMILIES = frozenset({"digests", "news-joined", "news-homework", "news-pledges", "news-help"})


def families(staff: bool) -> tuple[str, ...]:
    return tuple(family for family in FAMILIES if staff or family not in STAFF_FAMILIES)


def settings_screen(
    t: Translator, user: User, settings: Settings, optouts: frozenset[str], staff: bool, intro: str = ""
) -> Screen:
    zone = user.time_zone or settings.timezone
    local = datetime.now(UTC).astimezone(ZoneInfo(zone))
    quiet = settings.quiet_hours
    lines = [intro, ""] if intro else []
    lines.append(t("outbox-settings-zone", city=city(t, zone), time=local.strftime("%H:%M")))
    if quiet.start and quiet.end:
        lines.append(t("outbox-settings-quiet", start=f"{quiet.start:%H:%M}", end=f"{quiet.end:%H:%M}"))
    lines += ["", t("outbox-settings-kinds")]
    rows = [
        [button(f"{'🔕' if family in optouts else '✅'} {t(f'outbox-family-{family}')}", FamilyCb(family=family))]
        for family in families(staff)
    ]
    rows.append([button(t("outbox-btn-zone", city=city(t, zone)), SettingsCb(screen="zones"))])
    rows.append([button(t("btn-menu"), MenuCb())])
    return Screen("\n".join(lines), tuple(rows))


def zones_screen(t: Translator) -> Screen:
    buttons = [button(city(t, zone), ZoneCb(zone=zone)) for zone in ZONES]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([button(t("btn-back"), SettingsCb(screen="main"))])
    return Screen(t("outbox-zones-ask"), tuple(rows))


def next_year(t: Translator, key: str, meant: date, yes: object) -> Screen:
    """«01.12 в этом году уже прошло. Вы имели в виду 01.12.2027?» with «✅ Да, 01.12.2027»; typing another date
    answers it too. `key` is the feature's own text; `yes` the button that takes `meant`."""
    text = t(key, day=meant.strftime("%d.%m"), meant=meant.strftime("%d.%m.%Y"))
    return Screen(text, ([button(t("remind-btn-next-year", meant=meant.strftime("%d.%m.%Y")), yes)],))
