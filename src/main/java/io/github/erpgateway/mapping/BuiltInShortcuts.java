package io.github.erpgateway.mapping;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;

/**
 * The JSONata built-ins the mappings call on every event, without dashjoin's argument check per call: its
 * {@code Signature.validate} builds a type string and splits it with a regular expression it compiles each time, 13 %
 * of the gateway's allocations in the benchmark's profile. A call whose arguments have the plain shape (all given, of
 * the types the built-in takes) runs dashjoin's own implementation directly, with the same result; any other call
 * (a missing argument that JSONata takes from the context, a wrong type that must raise JSONata's error) goes to the
 * built-in unchanged. The mapping files keep calling {@code $lookup}, {@code $split} and so on as JSONata defines them.
 */
final class BuiltInShortcuts {

    private record Shortcut(String name, Predicate<List<?>> plain, Function<List<?>, Object> run) {
    }

    private static final List<Shortcut> SHORTCUTS = List.of(
            new Shortcut("lookup", args -> args.size() == 2 && stringOrNull(args.get(1)),
                    args -> number(Functions.lookup(args.get(0), (String) args.get(1)))),
            new Shortcut("exists", args -> args.size() == 1, args -> Functions.exists(args.get(0))),
            new Shortcut("split", args -> args.size() == 2 && args.get(0) instanceof String && args.get(1) instanceof String,
                    args -> Functions.split((String) args.get(0), args.get(1), null)),
            new Shortcut("substringBefore", BuiltInShortcuts::twoStrings,
                    args -> Functions.substringBefore((String) args.get(0), (String) args.get(1))),
            new Shortcut("substringAfter", BuiltInShortcuts::twoStrings,
                    args -> Functions.substringAfter((String) args.get(0), (String) args.get(1))),
            new Shortcut("lowercase", args -> args.size() == 1 && args.get(0) instanceof String,
                    args -> Functions.lowercase((String) args.get(0))),
            new Shortcut("keys", args -> args.size() == 1, args -> Functions.keys(args.get(0))));

    /** The built-ins themselves, for the calls that are not plain (a function value is the function). */
    private static final List<Jsonata.JFunction> BUILT_INS = SHORTCUTS.stream()
            .map(shortcut -> (Jsonata.JFunction) Jsonata.jsonata("$" + shortcut.name()).evaluate(null))
            .toList();

    private BuiltInShortcuts() {
    }

    static void registerAll(Jsonata expression) {
        for (int i = 0; i < SHORTCUTS.size(); i++) {
            Shortcut shortcut = SHORTCUTS.get(i);
            Jsonata.JFunction builtIn = BUILT_INS.get(i);
            // no signature: JSONata passes the arguments as written, and the context for a built-in's fallback
            expression.registerFunction(shortcut.name(), new Jsonata.JFunction((input, args) -> {
                List<?> given = args;
                return shortcut.plain().test(given) ? shortcut.run().apply(given)
                        : builtIn.call(input, (List<?>) builtIn.validate(args, input));
            }, null));
        }
    }

    private static boolean stringOrNull(Object value) {
        return value == null || value instanceof String;
    }

    private static boolean twoStrings(List<?> args) {
        return args.size() == 2 && args.get(0) instanceof String && args.get(1) instanceof String;
    }

    /** As dashjoin does with every number a built-in returns. */
    private static Object number(Object value) {
        return value instanceof Number number ? Utils.convertNumber(number) : value;
    }
}
