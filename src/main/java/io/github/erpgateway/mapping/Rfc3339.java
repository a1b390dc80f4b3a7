package io.github.erpgateway.mapping;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Time conversions the vendors need, all to RFC 3339 UTC with the shortest exact fraction (…57.79Z). */
public final class Rfc3339 {

    /** .NET ticks (100 ns) from 0001-01-01T00:00Z to the Unix epoch. */
    private static final BigInteger TICKS_AT_EPOCH = new BigInteger("621355968000000000");
    private static final BigInteger TICKS_PER_SECOND = BigInteger.valueOf(10_000_000);
    private static final long TICKS_AT_EPOCH_LONG = 621_355_968_000_000_000L;
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years {@link #format} writes itself. */
    private static final long FIRST_FAST_SECOND = -62_135_596_800L;
    private static final long END_FAST_SECOND = 253_402_300_800L;

    private Rfc3339() {
    }

    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds >= END_FAST_SECOND) {
            return formatSlow(instant);
        }
        // years 0001-9999, the webhooks' own: written out directly, which costs a fraction of Instant.toString()
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(32);
        digits(text, time.getYear(), 4).append('-');
        digits(text, time.getMonthValue(), 2).append('-');
        digits(text, time.getDayOfMonth(), 2).append('T');
        digits(text, time.getHour(), 2).append(':');
        digits(text, time.getMinute(), 2).append(':');
        digits(text, time.getSecond(), 2);
        appendFraction(text, instant.getNano());
        return text.append('Z').toString();
    }

    /** The same text through java.time's own formatter: the reference, and the way for years past 9999 or before 1. */
    static String formatSlow(Instant instant) {
        StringBuilder text = new StringBuilder(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        text.setLength(text.length() - 1);
        appendFraction(text, instant.getNano());
        return text.append('Z').toString();
    }

    /** Nine digits, then without trailing zeros: as short as exact (.79, not .790000000); nothing for 0. */
    private static void appendFraction(StringBuilder text, int nanos) {
        if (nanos == 0) {
            return;
        }
        int value = nanos;
        int length = 9;
        while (value % 10 == 0) {
            value /= 10;
            length--;
        }
        text.append('.');
        digits(text, value, length);
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String number = Integer.toString(value);
        for (int i = number.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(number);
    }

    /** {@code 638974335577900000} → {@code 2025-10-30T15:05:57.79Z}; exact, in integer arithmetic. */
    public static String fromDotNetTicks(Object ticks) {
        String text = ticks.toString().trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException notALong) {
            return fromDotNetTicksExact(text);
        }
        if (value < Long.MIN_VALUE + TICKS_AT_EPOCH_LONG) {
            return fromDotNetTicksExact(text);
        }
        long sinceEpoch = value - TICKS_AT_EPOCH_LONG;
        return format(Instant.ofEpochSecond(Math.floorDiv(sinceEpoch, 10_000_000L), Math.floorMod(sinceEpoch, 10_000_000L) * 100));
    }

    /** The same in BigInteger arithmetic: the reference, and the way for numbers past a long (which then fail). */
    static String fromDotNetTicksExact(String ticks) {
        BigInteger[] secondsAndRest = new BigInteger(ticks).subtract(TICKS_AT_EPOCH)
                .divideAndRemainder(TICKS_PER_SECOND);
        long seconds = secondsAndRest[0].longValueExact();
        long rest = secondsAndRest[1].longValueExact();
        if (rest < 0) {
            seconds -= 1;
            rest += 10_000_000;
        }
        return format(Instant.ofEpochSecond(seconds, rest * 100));
    }

    /** Business NXT's {@code 20250206211528366} (yyyyMMddHHmmssSSS, UTC) → {@code 2025-02-06T21:15:28.366Z}. */
    public static String fromCompact(Object compact) {
        String text = compact.toString().trim();
        if (text.length() == 17 && allDigits(text)) {
            try {
                // the fields read directly: DateTimeFormatter's parser cost more than the rest of a mapping
                return format(LocalDateTime.of(number(text, 0, 4), number(text, 4, 6), number(text, 6, 8),
                        number(text, 8, 10), number(text, 10, 12), number(text, 12, 14), number(text, 14, 17) * 1_000_000)
                        .toInstant(ZoneOffset.UTC));
            } catch (java.time.DateTimeException outOfRange) {
                // the formatter decides (its smart resolution moves 2025-02-30 to the 28th, or it fails)
            }
        }
        return fromCompactSlow(text);
    }

    /** The same through DateTimeFormatter: the reference, and the way for anything not plainly 17 digits. */
    static String fromCompactSlow(String compact) {
        return format(LocalDateTime.parse(compact, COMPACT).toInstant(ZoneOffset.UTC));
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** Epoch milliseconds (the dispatcher's timestamp headers). */
    public static String fromEpochMillis(Object millis) {
        return format(Instant.ofEpochMilli(Long.parseLong(millis.toString().trim())));
    }

    /** Any ISO-8601 instant with an offset, normalised to UTC. */
    public static String fromIso(Object iso) {
        return format(java.time.OffsetDateTime.parse(iso.toString().trim()).toInstant());
    }
}
