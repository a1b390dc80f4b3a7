package io.github.erpgateway.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds on what a (validly signed) payload and the unsigned dispatcher headers may make the gateway store, name or
 * remember ({@code gateway.limits.*}). Past a bound a webhook is parked or unrouted with a reason, never a 5xx.
 */
@ConfigurationProperties(prefix = "gateway.limits")
public class PayloadLimits {

    /** Longest event id (payload notification id or dispatcher header); longer header ids are ignored. */
    private int maxIdLength = 128;
    /** Longest entity and action name: they become queue names, the CloudEvent type and message properties. */
    private int maxNameLength = 64;
    /** Longest tenant: part of the CloudEvent source, a property and JMSXGroupID. */
    private int maxTenantLength = 128;
    /** Longest subject: a property and part of JMSXGroupID. */
    private int maxSubjectLength = 256;
    /** How many distinct erp.&lt;source&gt;.&lt;entity&gt; queues the gateway sends to before refusing new ones. */
    private int maxEntityQueues = 200;
    /** Longest number in a payload, in digits, also counting the zeros an exponent stands for (1e999 is 1 000). */
    private int maxNumberLength = 1000;
    /** Deepest nesting of objects and arrays in a payload. */
    private int maxNestingDepth = 200;

    public int getMaxIdLength() { return maxIdLength; }
    public void setMaxIdLength(int maxIdLength) { this.maxIdLength = maxIdLength; }
    public int getMaxNameLength() { return maxNameLength; }
    public void setMaxNameLength(int maxNameLength) { this.maxNameLength = maxNameLength; }
    public int getMaxTenantLength() { return maxTenantLength; }
    public void setMaxTenantLength(int maxTenantLength) { this.maxTenantLength = maxTenantLength; }
    public int getMaxSubjectLength() { return maxSubjectLength; }
    public void setMaxSubjectLength(int maxSubjectLength) { this.maxSubjectLength = maxSubjectLength; }
    public int getMaxEntityQueues() { return maxEntityQueues; }
    public void setMaxEntityQueues(int maxEntityQueues) { this.maxEntityQueues = maxEntityQueues; }
    public int getMaxNumberLength() { return maxNumberLength; }
    public void setMaxNumberLength(int maxNumberLength) { this.maxNumberLength = maxNumberLength; }
    public int getMaxNestingDepth() { return maxNestingDepth; }
    public void setMaxNestingDepth(int maxNestingDepth) { this.maxNestingDepth = maxNestingDepth; }
}
