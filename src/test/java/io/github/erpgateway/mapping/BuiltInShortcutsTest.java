package io.github.erpgateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shortcuts answer exactly as dashjoin's built-ins, for the plain calls they run themselves and for the calls they
 * hand to the built-in (an argument taken from the context, a wrong type that must raise JSONata's error).
 */
class BuiltInShortcutsTest {

    private static final String INPUT = """
            {"name": "Acme", "Event": "Customer_Updated", "n": 42, "d": 1.5, "big": 12345678901234567890,
             "nested": {"a": 1, "b": [1, 2], "c": {"x": "y"}}, "list": [{"k": "v1"}, {"k": "v2"}],
             "flag": true, "empty": "", "path": "api/v1/customer/55555"}
            """;

    @ParameterizedTest
    @ValueSource(strings = {
            "$lookup(nested, 'a')", "$lookup(nested, 'b')", "$lookup(nested, 'c')", "$lookup(nested, 'missing')",
            "$lookup($, 'n')", "$lookup($, 'd')", "$lookup($, 'big')", "$lookup(list, 'k')", "$lookup(nope, 'a')",
            "$lookup(nested, nope)", "$lookup(nested, 1)", "nested.$lookup('a')", "$lookup({'a': null}, 'a')",
            "$exists(name)", "$exists(nope)", "$exists(empty)", "$exists($lookup(nested, 'zz'))", "$exists()",
            "$split(path, '/')", "$split(path, '/')[-1]", "$split(nope, '/')", "$split(path, /\\//)", "$split(n, '/')",
            "$split(path, '/', 2)", "path.$split('/')", "$split(empty, ',')",
            "$substringBefore(Event, '_')", "$substringAfter(Event, '_')", "$substringBefore(Event, 'zz')",
            "$substringAfter(nope, '_')", "Event.$substringBefore('_')", "$substringBefore(n, '2')",
            "$lowercase(Event)", "$lowercase(nope)", "Event.$lowercase()", "$lowercase(n)",
            "$keys(nested)", "$keys(list)", "$keys(nope)", "nested.$keys()", "$keys(name)",
            "{'x': $lookup(nested, 'a') + 1, 'y': $split(path, '/')[2] & '!'}"})
    void answerAsTheBuiltIns(String expression) throws Exception {
        Object input = new ObjectMapper().readValue(INPUT, Map.class);
        assertThat(outcome(expression, input, true)).isEqualTo(outcome(expression, input, false));
    }

    private static String outcome(String text, Object input, boolean shortcuts) {
        Jsonata expression = Jsonata.jsonata(text);
        if (shortcuts) {
            BuiltInShortcuts.registerAll(expression);
        }
        try {
            Object result = expression.evaluate(input);
            return result == null ? "undefined" : result.getClass().getSimpleName() + ":" + result;
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return "error " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }
}
