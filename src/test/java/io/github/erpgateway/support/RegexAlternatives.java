package io.github.erpgateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Every string a source route's event regex matches, for regexes that are finite alternations, as the route files
 * write them: literals, {@code \.}, groups of alternatives, a group made optional with {@code ?}, and {@code (?x)} with
 * its whitespace. Anything else ({@code *}, {@code +}, classes, {@code .}) is refused, so a list derived from a route
 * file is exactly what it accepts or nothing at all.
 */
public final class RegexAlternatives {

    private final String regex;
    private int at;

    private RegexAlternatives(String regex) {
        this.regex = regex;
    }

    /** The strings {@code regex} matches, sorted; fails when it is not a finite alternation. */
    public static List<String> of(String regex) {
        String text = regex.strip();
        if (text.startsWith("(?x)")) {
            text = text.substring(4).replaceAll("\\s+", "");
        }
        RegexAlternatives parser = new RegexAlternatives(text);
        List<String> all = parser.alternation();
        if (parser.at != text.length()) {
            throw new IllegalArgumentException("not a finite alternation at " + parser.at + ": " + regex);
        }
        return List.copyOf(new TreeSet<>(all));
    }

    private List<String> alternation() {
        List<String> all = new ArrayList<>(sequence());
        while (at < regex.length() && regex.charAt(at) == '|') {
            at++;
            all.addAll(sequence());
        }
        return all;
    }

    private List<String> sequence() {
        List<String> prefixes = new ArrayList<>(List.of(""));
        while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
            List<String> atom = atom();
            List<String> next = new ArrayList<>();
            for (String prefix : prefixes) {
                for (String part : atom) {
                    next.add(prefix + part);
                }
            }
            prefixes = next;
        }
        return prefixes;
    }

    private List<String> atom() {
        char c = regex.charAt(at++);
        List<String> atom;
        if (c == '(') {
            atom = alternation();
            if (at >= regex.length() || regex.charAt(at) != ')') {
                throw new IllegalArgumentException("unclosed group: " + regex);
            }
            at++;
        } else if (c == '\\' && at < regex.length() && ".-_".indexOf(regex.charAt(at)) >= 0) {
            atom = List.of(String.valueOf(regex.charAt(at++)));
        } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
            atom = List.of(String.valueOf(c));
        } else {
            throw new IllegalArgumentException("not a finite alternation ('" + c + "' at " + (at - 1) + "): " + regex);
        }
        if (at < regex.length() && regex.charAt(at) == '?') {
            at++;
            List<String> optional = new ArrayList<>(atom);
            optional.add("");
            atom = optional;
        }
        return atom;
    }
}
