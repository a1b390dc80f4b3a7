package io.github.erpgateway.reply;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Makes request-derived text safe for a log line: ids, vendor events and error messages (which can quote the
 * payload) come from the sender, and a CR or LF in them would forge log lines. Control characters become {@code \n},
 * {@code \r}, {@code \t} or {@code \\uXXXX}, backslashes are doubled (so an escape cannot be forged either), and the
 * text is cut to a bounded length. The routes' {@code log:} steps use it as bean {@code logText}.
 */
@Component("logText")
public class LogText {

    static final int MAX_LENGTH = 500;

    public static String escape(String text) {
        if (text == null) {
            return "-";
        }
        int end = Math.min(text.length(), MAX_LENGTH);
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        String safe = out != null ? out.toString() : text.substring(0, end);
        return end < text.length() ? safe + "..." : safe;
    }

    /** The exchange's event id, for {@code ${bean:logText?method=eventId}}. */
    public String eventId(Exchange exchange) {
        return escape(exchange.getProperty("eventId", String.class));
    }

    /** The caught exception's message, for {@code ${bean:logText?method=exceptionMessage}}. */
    public String exceptionMessage(Exchange exchange) {
        Throwable failure = caught(exchange);
        return failure == null ? "-" : escape(failure.getMessage());
    }

    /** The caught exception as {@code Type: message}, for {@code ${bean:logText?method=exception}}. */
    public String exception(Exchange exchange) {
        Throwable failure = caught(exchange);
        return failure == null ? "-" : escape(failure.toString());
    }

    private static Throwable caught(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return failure != null ? failure : exchange.getException();
    }
}
