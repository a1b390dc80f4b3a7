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
}
