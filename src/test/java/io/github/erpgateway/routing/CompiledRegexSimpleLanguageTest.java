package io.github.erpgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.language.simple.SimpleLanguage;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CompiledRegexSimpleLanguageTest {

    private static final List<String> EXPRESSIONS = List.of(
            "${exchangeProperty.eventKey} regex 'customer(created|updated)'",
            // the source routes' folded YAML: (?x) and line breaks inside the literal
            "${exchangeProperty.eventKey} regex '(?x)\n  account(created|deleted)\n  | supplier(created|updated)'",
            "  ${exchangeProperty.eventKey}   regex   'voucher.*'  ",
            // not the plain form: Camel's own operator
            "${exchangeProperty.eventKey} not regex 'customer(created|updated)'",
            "${exchangeProperty.eventKey} regex 'customer$'",
            "${exchangeProperty.eventKey} == 'customercreated'");

    private static final List<String> VALUES = Arrays.asList(null, "", "customercreated", "customerupdated",
            "xcustomercreated", "accountdeleted", "supplierupdated", "voucherprocessed", "customer");

    private CamelContext context;
    private CompiledRegexSimpleLanguage compiled;
    private SimpleLanguage camels;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
        compiled = new CompiledRegexSimpleLanguage();
        compiled.setCamelContext(context);
        compiled.init();
        camels = new SimpleLanguage();
        camels.setCamelContext(context);
        camels.init();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void answersAsCamelsSimpleLanguageForEveryExpressionAndValue() {
        for (String expression : EXPRESSIONS) {
            Predicate ours = init(compiled.createPredicate(expression));
            Predicate reference = init(camels.createPredicate(expression));
            for (String value : VALUES) {
                Exchange exchange = new DefaultExchange(context);
                exchange.setProperty("eventKey", value);
                assertThat(ours.matches(exchange)).as("%s with eventKey=%s", expression, value)
                        .isEqualTo(reference.matches(exchange));
            }
        }
    }

    @Test
    void compilesThePlainRegexFormOnceAndLeavesTheRestToCamel() {
        assertThat(compiled.createPredicate(EXPRESSIONS.get(0)).toString()).contains("matches");
        assertThat(compiled.createPredicate(EXPRESSIONS.get(3)).toString()).doesNotContain("matches");
        assertThat(compiled.createPredicate(EXPRESSIONS.get(4)).toString()).doesNotContain("matches");
    }

    private Predicate init(Predicate predicate) {
        predicate.init(context);
        return predicate;
    }
}
