package io.github.erpgateway.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics a PromQL expression reads, with the label names its selectors match on: enough of PromQL for the
 * gateway's alert rules and dashboard (selectors, functions, aggregations with by/without, binary operators).
 */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk",
            "bottomk", "quantile", "count_values", "group", "rate", "irate", "increase", "delta", "idelta", "deriv",
            "histogram_quantile", "abs", "ceil", "floor", "round", "clamp", "clamp_min", "clamp_max", "absent",
            "absent_over_time", "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time",
            "last_over_time", "changes", "resets", "predict_linear", "label_replace", "label_join", "vector", "scalar",
            "time", "timestamp", "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan");

    private PromQl() {
    }

    /** Metric name to the label names its selectors in {@code expression} match on (empty for a bare name). */
    static Map<String, Set<String>> metrics(String expression) {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        String text = STRING.matcher(expression).replaceAll("\"\"");
        Matcher selector = SELECTOR.matcher(text);
        while (selector.find()) {
            Set<String> labels = metrics.computeIfAbsent(selector.group(1), name -> new LinkedHashSet<>());
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                labels.add(matcher.group(1));
            }
        }
        String rest = SELECTOR.matcher(text).replaceAll("$1 ");
        rest = rest.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ").replaceAll("\"\"", " ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String name = identifier.group();
            boolean function = rest.substring(identifier.end()).stripLeading().startsWith("(");
            boolean number = identifier.start() > 0 && Character.isDigit(rest.charAt(identifier.start() - 1));
            if (!KEYWORDS.contains(name) && !function && !number) {
                metrics.computeIfAbsent(name, key -> new LinkedHashSet<>());
            }
        }
        return metrics;
    }
}
