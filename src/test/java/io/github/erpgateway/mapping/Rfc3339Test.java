package io.github.erpgateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void convertsDotNetTicksExactly() {
        assertThat(Rfc3339.fromDotNetTicks(638974335577900000L)).isEqualTo("2025-10-30T15:05:57.79Z");
        assertThat(Rfc3339.fromDotNetTicks("638974335577900000")).isEqualTo("2025-10-30T15:05:57.79Z");
        // one tick (100 ns) is kept, which a double could not carry at this magnitude
        assertThat(Rfc3339.fromDotNetTicks("638974335577900001")).isEqualTo("2025-10-30T15:05:57.7900001Z");
        assertThat(Rfc3339.fromDotNetTicks("621355968000000000")).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(Rfc3339.fromDotNetTicks("621355967999999999")).isEqualTo("1969-12-31T23:59:59.9999999Z");
    }

    @Test
    void convertsBusinessNxtCompactTimestamps() {
        assertThat(Rfc3339.fromCompact("20250206211528366")).isEqualTo("2025-02-06T21:15:28.366Z");
        assertThat(Rfc3339.fromCompact(20250206211528000L)).isEqualTo("2025-02-06T21:15:28Z");
    }

    @Test
    void normalisesIsoInstantsAndEpochMillisToUtc() {
        assertThat(Rfc3339.fromIso("2025-02-06T21:15:28.3971469Z")).isEqualTo("2025-02-06T21:15:28.3971469Z");
        assertThat(Rfc3339.fromIso("2025-02-06T22:15:28+01:00")).isEqualTo("2025-02-06T21:15:28Z");
        assertThat(Rfc3339.fromEpochMillis("1761836757790")).isEqualTo("2025-10-30T15:05:57.79Z");
    }

    @Test
    void printsFractionsAsShortAsExact() {
        assertThat(Rfc3339.format(java.time.Instant.ofEpochSecond(0, 1))).isEqualTo("1970-01-01T00:00:00.000000001Z");
        assertThat(Rfc3339.format(java.time.Instant.ofEpochSecond(0, 500_000_000))).isEqualTo("1970-01-01T00:00:00.5Z");
        assertThat(Rfc3339.format(java.time.Instant.ofEpochSecond(0, 120_000))).isEqualTo("1970-01-01T00:00:00.00012Z");
    }

    @Test
    void writesWhatJavaTimesFormatterWrites() {
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 20_000; i++) {
            // years 0001-9999 take the direct way; around and past the ends, the formatter's
            long seconds = random.nextLong(-62_135_596_800L - 100_000, 253_402_300_800L + 100_000);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(10_000_000) * 100;
                default -> random.nextInt(1_000_000_000);
            };
            java.time.Instant instant = java.time.Instant.ofEpochSecond(seconds, nanos);
            assertThat(Rfc3339.format(instant)).as("%s", instant).isEqualTo(Rfc3339.formatSlow(instant));
        }
    }

    @Test
    void convertsTicksAsTheExactArithmeticDoes() {
        java.util.Random random = new java.util.Random(15);
        for (int i = 0; i < 20_000; i++) {
            long ticks = random.nextLong(0, 3_155_378_975_999_999_999L);
            assertThat(Rfc3339.fromDotNetTicks(ticks)).isEqualTo(Rfc3339.fromDotNetTicksExact(Long.toString(ticks)));
        }
        assertThat(Rfc3339.fromDotNetTicks(" +638974335577900000 ")).isEqualTo("2025-10-30T15:05:57.79Z");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rfc3339.fromDotNetTicks("99999999999999999999999999999"))
                .isInstanceOf(ArithmeticException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rfc3339.fromDotNetTicks("12.5"))
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void readsCompactTimestampsAsTheFormatterDoes() {
        java.util.Random random = new java.util.Random(16);
        for (int i = 0; i < 20_000; i++) {
            // every field a little past its range now and then (month 13, day 31 in April, hour 24)
            String text = String.format("%04d%02d%02d%02d%02d%02d%03d", random.nextInt(1, 10_000), random.nextInt(1, 14),
                    random.nextInt(1, 33), random.nextInt(0, 25), random.nextInt(0, 61), random.nextInt(0, 61),
                    random.nextInt(0, 1000));
            String expected;
            try {
                expected = Rfc3339.fromCompactSlow(text);
            } catch (java.time.DateTimeException e) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rfc3339.fromCompact(text))
                        .as(text).isInstanceOf(java.time.DateTimeException.class);
                continue;
            }
            assertThat(Rfc3339.fromCompact(text)).as(text).isEqualTo(expected);
        }
    }
}
