package io.github.erpgateway.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Prepares an external Artemis broker instance for the gateway (docs/production.md), the one way the suite's
 * external-broker tests and deploy/compose both do it: the fragment config/artemis/broker-gateway.xml merged into the
 * instance's etc/broker.xml, and the broker plugin (the classes the fragment names: the enrichment diverts' transformer,
 * the AMQP delivery-count plugin) put into its lib/, read from the fragment.
 *
 * <pre>java -cp &lt;gateway classpath&gt; io.github.erpgateway.broker.BrokerFragment &lt;instance&gt;/etc/broker.xml config/artemis/broker-gateway.xml &lt;instance&gt;/lib</pre>
 */
public final class BrokerFragment {

    /** The jar the plugin is written to in the broker's lib/. */
    public static final String PLUGIN_JAR = "erp-webhook-gateway-broker-plugin.jar";

    private BrokerFragment() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BrokerFragment <instance>/etc/broker.xml <broker-gateway.xml> <instance>/lib");
            System.exit(2);
        }
        apply(Path.of(args[0]), Path.of(args[1]));
        installPlugin(Path.of(args[2]), Path.of(args[1]));
        System.out.println("applied " + args[1] + " to " + args[0] + ", plugin in " + args[2]);
    }

    /**
     * Every child of the fragment's {@code <core>} replaces the element of the same name in broker.xml's
     * {@code <core>}, or is added. Applying it again gives the same file.
     */
    public static void apply(Path brokerXml, Path fragment) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document broker = factory.newDocumentBuilder().parse(brokerXml.toFile());
        Document gateway = factory.newDocumentBuilder().parse(fragment.toFile());
        Element core = (Element) broker.getElementsByTagNameNS("urn:activemq:core", "core").item(0);
        NodeList settings = gateway.getDocumentElement().getChildNodes();
        for (int i = 0; i < settings.getLength(); i++) {
            if (!(settings.item(i) instanceof Element setting)) {
                continue;
            }
            Node imported = broker.importNode(setting, true);
            NodeList existing = core.getElementsByTagNameNS(setting.getNamespaceURI(), setting.getLocalName());
            Element current = null;
            for (int j = 0; j < existing.getLength(); j++) {
                if (existing.item(j).getParentNode() == core) {
                    current = (Element) existing.item(j);
                }
            }
            if (current != null) {
                core.replaceChild(imported, current);
            } else {
                core.appendChild(imported);
            }
        }
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, StandardCharsets.UTF_8.name());
        transformer.transform(new DOMSource(broker), new StreamResult(brokerXml.toFile()));
    }

    /**
     * The classes the fragment names (the diverts' transformers, the broker plugins), with the classes they are nested
     * in, from this classpath, as a jar in the broker instance's lib/ (its classpath). Read from the fragment, so the
     * broker stage names no feature's class: whatever a feature adds to the fragment is packed.
     */
    public static void installPlugin(Path lib, Path fragment) throws Exception {
        Files.createDirectories(lib);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(lib.resolve(PLUGIN_JAR)))) {
            for (String type : pluginClasses(fragment)) {
                String entry = type.replace('.', '/') + ".class";
                try (InputStream bytes = BrokerFragment.class.getClassLoader().getResourceAsStream(entry)) {
                    if (bytes == null) {
                        throw new IllegalStateException(entry + " is not on the classpath");
                    }
                    jar.putNextEntry(new JarEntry(entry));
                    bytes.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
    }

    /** Every {@code <class-name>} element and {@code class-name} attribute of the fragment, and their outer classes. */
    static Set<String> pluginClasses(Path fragment) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document gateway = factory.newDocumentBuilder().parse(fragment.toFile());
        Set<String> classes = new TreeSet<>();
        NodeList all = gateway.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            String name = "class-name".equals(element.getTagName()) ? element.getTextContent().trim()
                    : element.getAttribute("class-name").trim();
            for (int nested = name.indexOf('$'); nested > 0; nested = name.indexOf('$', nested + 1)) {
                classes.add(name.substring(0, nested));
            }
            if (!name.isEmpty()) {
                classes.add(name);
            }
        }
        return classes;
    }
}
