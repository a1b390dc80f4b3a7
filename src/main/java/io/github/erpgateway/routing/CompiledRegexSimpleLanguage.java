package io.github.erpgateway.routing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Predicate;
import org.apache.camel.language.simple.SimpleLanguage;
import org.apache.camel.support.builder.PredicateBuilder;
import org.springframework.stereotype.Component;

/**
 * Camel's {@code simple} language, except that a predicate of the form {@code ${...} regex '...'} compiles its
 * pattern once, when the route is built. Camel's own regex operator compiles the pattern at every evaluation: the
 * event choices of the source routes ({@code <source>-events}) cost 3 % of a webhook's CPU and 8 % of its allocations
 * in the benchmark's profile (bench/README.md). The meaning is Camel's: the left side evaluated as text, the whole of
 * it matching the pattern. Every other expression, {@code not regex} included, is Camel's as it is.
 *
 * <p>Camel looks a language up in the registry as {@code <name>-language} before its own, hence the bean name.
 */
@Component("simple-language")
public class CompiledRegexSimpleLanguage extends SimpleLanguage {

    /** {@code ${anything without braces} regex 'a pattern without quotes'}, and nothing else around it. */
    private static final Pattern REGEX_PREDICATE = Pattern.compile("(?s)\\s*(\\$\\{[^{}]+})\\s+regex\\s+'([^'$]*)'\\s*");

    @Override
    public Predicate createPredicate(String expression) {
        Predicate compiled = compiledRegex(expression);
        return compiled != null ? compiled : super.createPredicate(expression);
    }

    @Override
    public Predicate createPredicate(String expression, Object[] properties) {
        Predicate compiled = properties == null || properties.length == 0 ? compiledRegex(expression) : null;
        return compiled != null ? compiled : super.createPredicate(expression, properties);
    }

    private Predicate compiledRegex(String expression) {
        if (expression == null) {
            return null;
        }
        Matcher matcher = REGEX_PREDICATE.matcher(expression);
        if (!matcher.matches()) {
            return null;
        }
        return PredicateBuilder.regex(createExpression(matcher.group(1)), Pattern.compile(matcher.group(2)));
    }
}
