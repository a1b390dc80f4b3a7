package io.github.erpgateway.management;

import java.util.List;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * Which MBean operations each role may run through Jolokia. Listed from what a running gateway exposes
 * (/actuator/jolokia/list): Camel, Artemis, JVM and Hawtio MBeans. Unlisted operations need {@code admin}: a new
 * library version adds operations to the most trusted role only.
 */
final class JolokiaOperations {

    /**
     * Refused for every role, admin included, and so are writes of the attributes these setters set
     * ({@link #writeAllowed}): they run code or reach the network on the caller's behalf. Camel's
     * context sends to (and creates) any endpoint, so {@code language:simple:${env:...}} reads the secrets,
     * {@code file:routes} writes a route the live reloader loads, {@code http:} reaches any host; route updates load
     * unsigned routes; evaluating or validating expressions and breakpoint conditions runs a language; a component
     * {@code verify} connects with caller-given parameters. Artemis bridges, connectors, broker connections and
     * its web server reach or open the network. A heap dump holds every secret.
     */
    private static final List<Rule> NEVER = List.of(
            new Rule("org.apache.camel", null, "send.*|request.*|createEndpoint|canSendToEndpoint|add.*Routes?.*"
                    + "|update.*Routes?.*|.*From(Xml|Yaml)|evaluate.*|validate.*|verify|.*Breakpoint.*|setTraceFilter"
                    + "|setTracePattern|(set|add|update).*(Expression|Predicate|Condition).*"),
            new Rule("org.apache.activemq.artemis", null, "createBridge|createConnectorService|addConnector"
                    + "|startBrokerConnection|(start|restart)EmbeddedWebServer"),
            new Rule(null, null, "dumpHeap|jvmtiAgentLoad|vmSetFlag|setVMOption"));

    /** Queries without side effects, for every role: what Hawtio's views and samples/read-queue.sh call. */
    private static final Pattern QUERY = Pattern.compile("(get|is|has|list|browse|count|peek|dump)([A-Z].*)?|names|size"
            + "|contains|statsAsJSon|componentNames|dataFormatNames|languageNames|routeIds|routeGroups|processorIds"
            + "|canInvoke|details|queueSize|extendedInformation|find(Monitor)?DeadlockedThreads|variables");

    /**
     * The manager runs the flow without losing data: starts, stops, suspends and resumes routes and consumers,
     * pauses and resumes queues and addresses, retries dead letters onto their queue, resets statistics.
     * Removing, moving, sending or expiring messages, queue and address changes, users, settings, disabling a
     * processor (it could skip the signature check) and stopping the whole context stay with the admin.
     */
    private static final List<Rule> MANAGER = List.of(
            new Rule("org.apache.camel", "routes", "start|stop|suspend|resume|restart|reset(Statistics)?"),
            new Rule("org.apache.camel", "consumers", "start|stop|suspend|resume"),
            new Rule("org.apache.camel", "context", "startAllRoutes|reset(Statistics)?"),
            new Rule("org.apache.camel", "processors", "reset(Statistics)?"),
            new Rule("org.apache.camel", null, "resetStatistics|resetTypeConversionCounters"),
            new Rule("org.apache.activemq.artemis", "queues", "pause|resume|retryMessages?|resetMessageCounter"
                    + "|resetMessages(Acknowledged|Added|Expired|Killed)"),
            new Rule("org.apache.activemq.artemis", "addresses", "pause|resume"),
            new Rule("org.apache.activemq.artemis", "broker", "resetAllMessageCounters|resetAllMessageCounterHistories"
                    + "|(enable|disable)MessageCounters"));

    private JolokiaOperations() {
    }

    static boolean allowed(JolokiaRole role, ObjectName mbean, String operation) {
        String name = nameOf(operation);
        if (NEVER.stream().anyMatch(rule -> rule.matches(mbean, name))) {
            return false;
        }
        if (QUERY.matcher(name).matches() || role == JolokiaRole.ADMIN) {
            return true;
        }
        return role == JolokiaRole.MANAGER && MANAGER.stream().anyMatch(rule -> rule.matches(mbean, name));
    }

    /**
     * Attribute writes are the admin's, except where the attribute's setter is never allowed: a write of
     * {@code TraceFilter} is {@code setTraceFilter} by another name (the filter is a Simple expression).
     */
    static boolean writeAllowed(JolokiaRole role, ObjectName mbean, String attribute) {
        String setter = "set" + attribute.trim();
        return role == JolokiaRole.ADMIN && NEVER.stream().noneMatch(rule -> rule.matches(mbean, setter));
    }

    /** Jolokia passes {@code name} or {@code name(type,...)} for overloaded operations. */
    private static String nameOf(String operation) {
        int signature = operation.indexOf('(');
        return (signature < 0 ? operation : operation.substring(0, signature)).trim();
    }

    /** Operations matching {@code names} on MBeans of {@code domain} (any if null) and {@code kind} (any if null). */
    private record Rule(String domain, String kind, Pattern names) {

        Rule(String domain, String kind, String names) {
            this(domain, kind, Pattern.compile(names));
        }

        boolean matches(ObjectName mbean, String operation) {
            return (domain == null || domain.equals(mbean.getDomain()))
                    && (kind == null || kind.equals(kindOf(mbean)))
                    && names.matcher(operation).matches();
        }

        /** Camel names the kind in {@code type}; Artemis in {@code subcomponent}, then {@code component}, else broker. */
        private static String kindOf(ObjectName mbean) {
            if ("org.apache.activemq.artemis".equals(mbean.getDomain())) {
                String sub = mbean.getKeyProperty("subcomponent");
                String component = mbean.getKeyProperty("component");
                return sub != null ? sub : component != null ? component : "broker";
            }
            return mbean.getKeyProperty("type");
        }
    }
}
