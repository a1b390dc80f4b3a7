package io.github.erpgateway.management;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

/** An attribute write is its setter: what no role may run as an operation, no role may write either. */
class JolokiaOperationsTest {

    private static final ObjectName BACKLOG_TRACER = name(
            "org.apache.camel:context=gw,type=tracer,name=BacklogTracer");
    private static final ObjectName CONTEXT = name("org.apache.camel:context=gw,type=context,name=\"gw\"");
    private static final ObjectName HOTSPOT = name("com.sun.management:type=HotSpotDiagnostic");

    @Test
    void settersNeverAllowedAsOperationsAreNeverAllowedAsWrites() {
        for (JolokiaRole role : JolokiaRole.values()) {
            assertThat(JolokiaOperations.allowed(role, BACKLOG_TRACER, "setTraceFilter")).isFalse();
            assertThat(JolokiaOperations.writeAllowed(role, BACKLOG_TRACER, "TraceFilter")).as(role + " TraceFilter").isFalse();
            assertThat(JolokiaOperations.writeAllowed(role, BACKLOG_TRACER, "TracePattern")).as(role + " TracePattern").isFalse();
            assertThat(JolokiaOperations.writeAllowed(role, name("org.apache.camel:context=gw,type=processors,name=p1"),
                    "FilterExpression")).as(role.name()).isFalse();
            assertThat(JolokiaOperations.writeAllowed(role, HOTSPOT, "VMOption")).as(role + " VMOption").isFalse();
        }
    }

    @Test
    void otherWritesStayTheAdminsAlone() {
        assertThat(JolokiaOperations.writeAllowed(JolokiaRole.ADMIN, CONTEXT, "Tracing")).isTrue();
        assertThat(JolokiaOperations.writeAllowed(JolokiaRole.MANAGER, CONTEXT, "Tracing")).isFalse();
        assertThat(JolokiaOperations.writeAllowed(JolokiaRole.VIEWER, CONTEXT, "Tracing")).isFalse();
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
