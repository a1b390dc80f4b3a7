package io.github.erpgateway.mapping;

import java.math.BigDecimal;

/**
 * A decimal as text without ever expanding an unbounded exponent: {@link BigDecimal#toPlainString()} of
 * {@code 1e999999999} is a billion characters. Written out when that stays short, in scientific notation otherwise.
 */
public final class NumberText {

    /** Longest plain form written out; the parser already parks payloads past gateway.limits.max-number-length. */
    static final int MAX_PLAIN_LENGTH = 1000;

    private NumberText() {
    }

    public static String of(BigDecimal decimal) {
        long plainDigits = (long) decimal.precision() + Math.abs((long) decimal.scale());
        return plainDigits <= MAX_PLAIN_LENGTH ? decimal.toPlainString() : decimal.toString();
    }
}
