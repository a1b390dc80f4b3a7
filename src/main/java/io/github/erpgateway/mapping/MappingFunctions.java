package io.github.erpgateway.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.dashjoin.jsonata.Jsonata;

/**
 * Functions every mapping file can call, for what JSONata cannot say exactly or briefly:
 * <ul>
 * <li>{@code $kebab('ARInvoice')} → {@code ar-invoice}</li>
 * <li>{@code $ticksToTime(638974335577900000)} → {@code 2025-10-30T15:05:57.79Z} (exact: integer arithmetic)</li>
 * <li>{@code $compactToTime('20250206211528366')}, {@code $millisToTime('1761836757790')}, {@code $isoToTime('…+02:00')}</li>
 * <li>{@code $field(data, 'customercode')}: the value of a key matched case-insensitively (Venio varies its case)</li>
 * <li>{@code $text(value)}: a value as text with integers of any size kept exact (never an unbounded exponent
 * written out, see {@link NumberText})</li>
 * </ul>
 */
final class MappingFunctions {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s_./]+");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern ACRONYM_WORD = Pattern.compile("([A-Z])([A-Z][a-z])");
    private static final Pattern HYPHENS = Pattern.compile("-{2,}");
    private static final Pattern OUTER_HYPHENS = Pattern.compile("^-|-$");

    private MappingFunctions() {
    }

    static void registerAll(Jsonata expression) {
        expression.registerFunction("kebab", (Jsonata.Fn1<Object, String>) MappingFunctions::kebab);
        expression.registerFunction("ticksToTime", (Jsonata.Fn1<Object, String>) v -> v == null ? null : Rfc3339.fromDotNetTicks(v));
        expression.registerFunction("compactToTime", (Jsonata.Fn1<Object, String>) v -> v == null ? null : Rfc3339.fromCompact(v));
        expression.registerFunction("millisToTime", (Jsonata.Fn1<Object, String>) v -> v == null ? null : Rfc3339.fromEpochMillis(v));
        expression.registerFunction("isoToTime", (Jsonata.Fn1<Object, String>) v -> v == null ? null : Rfc3339.fromIso(v));
        expression.registerFunction("field", (Jsonata.Fn2<Object, String, Object>) MappingFunctions::field);
        expression.registerFunction("text", (Jsonata.Fn1<Object, String>) MappingFunctions::text);
    }

    static String kebab(Object value) {
        if (value == null) {
            return null;
        }
        String text = SEPARATORS.matcher(value.toString().trim()).replaceAll("-");
        text = LOWER_UPPER.matcher(text).replaceAll("$1-$2");
        text = ACRONYM_WORD.matcher(text).replaceAll("$1-$2");
        text = HYPHENS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-");
        return OUTER_HYPHENS.matcher(text).replaceAll("");
    }

    static Object field(Object object, String name) {
        if (!(object instanceof Map<?, ?> map) || name == null) {
            return null;
        }
        Object exact = map.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (name.equalsIgnoreCase(String.valueOf(entry.getKey()))) {
                return entry.getValue();
            }
        }
        return null;
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return NumberText.of(decimal);
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }
}
