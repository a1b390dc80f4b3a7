package io.github.erpgateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MappingFunctionsTest {

    @ParameterizedTest
    @CsvSource({
            "OrderLine, order-line",
            "ARInvoice, ar-invoice",
            "EPEmployee, ep-employee",
            "StatusChanged, status-changed",
            "Status Changed, status-changed",
            "IMPORT_VOUCHER_FAILED, import-voucher-failed",
            "PendingSummary, pending-summary",
            "customer, customer",
            "SaleOrder, sale-order",
            "Table2Row, table2-row",
    })
    void kebabCasesVendorNames(String input, String expected) {
        assertThat(MappingFunctions.kebab(input)).isEqualTo(expected);
    }

    @Test
    void findsFieldsWhateverTheirCase() {
        Map<String, Object> data = Map.of("CustomerCode", "C-1", "customerName", "Acme");
        assertThat(MappingFunctions.field(data, "customercode")).isEqualTo("C-1");
        assertThat(MappingFunctions.field(data, "CustomerName")).isEqualTo("Acme");
        assertThat(MappingFunctions.field(data, "missing")).isNull();
        assertThat(MappingFunctions.field("not an object", "x")).isNull();
    }

    @Test
    void printsNumbersExactly() {
        assertThat(MappingFunctions.text(9007199254740993L)).isEqualTo("9007199254740993");
        assertThat(MappingFunctions.text(new java.math.BigDecimal("1.10"))).isEqualTo("1.10");
        assertThat(MappingFunctions.text(new java.math.BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
    }

    /** Issue 10 point 6: a huge exponent is never written out (a billion digits), whatever reaches $text. */
    @Test
    void neverWritesOutAnUnboundedExponent() {
        assertThat(MappingFunctions.text(new java.math.BigDecimal("1e999999999"))).isEqualTo("1E+999999999");
        assertThat(MappingFunctions.text(new java.math.BigDecimal("-2.5e-999999999"))).isEqualTo("-2.5E-999999999");
        assertThat(MappingFunctions.text(new java.math.BigDecimal("1.5e3"))).isEqualTo("1500");
    }
}
