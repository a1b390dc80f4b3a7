package io.github.erpgateway.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The request path of a subject stays the record's: one encoded segment, never a dot segment. */
class VismaNetRequestsTest {

    @Test
    void aSubjectIsOneEncodedSegment() {
        assertThat(VismaNetRequests.template("/v1/quotation/{id}", "QT-1")).isEqualTo("/v1/quotation/QT-1");
        assertThat(VismaNetRequests.template("/v1/quotation/{id}", "a/../b c")).isEqualTo("/v1/quotation/a%2F..%2Fb%20c");
        assertThat(VismaNetRequests.template("/v1/quotation/{id}", "1.5")).isEqualTo("/v1/quotation/1.5");
        assertThat(VismaNetRequests.template("/v1/quotation/{id}", "%2e%2e")).isEqualTo("/v1/quotation/%252e%252e");
    }

    @Test
    void dotSegmentsAreRefused() {
        for (String subject : new String[] {".", ".."}) {
            assertThatThrownBy(() -> VismaNetRequests.template("/v1/quotation/{id}", subject))
                    .isInstanceOf(EnrichmentFailedException.class).hasMessageContaining("dot segment");
        }
    }
}
