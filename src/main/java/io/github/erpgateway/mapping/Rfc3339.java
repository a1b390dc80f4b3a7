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
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private Rfc3339() {
    }

    public static String format(Instant instant) {
        StringBuilder text = new StringBuilder(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        int nanos = instant.getNano();
        if (nanos != 0) {
            // nine digits, then without trailing zeros: as short as exact (.79, not .790000000)
            String digits = Integer.toString(1_000_000_000 + nanos).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            text.insert(text.length() - 1, "." + digits.substring(0, end));
        }
        return text.toString();
    }

    /** {@code 638974335577900000} → {@code 2025-10-30T15:05:57.79Z}; exact, in integer arithmetic. */
    public static String fromDotNetTicks(Object ticks) {
        BigInteger[] secondsAndRest = new BigInteger(ticks.toString().trim()).subtract(TICKS_AT_EPOCH)
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
        return format(LocalDateTime.parse(compact.toString().trim(), COMPACT).toInstant(ZoneOffset.UTC));
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
