package io.herald.bench.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the report's markup with the JDK's XML parser, which fails on anything not well-formed. */
final class Xml {

    static final String SVG = "http://www.w3.org/2000/svg";
    static final String XHTML = "http://www.w3.org/1999/xhtml";

    private static final Set<String> COORDINATES = Set.of("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r",
            "width", "height");

    private Xml() {
    }

    static Document parse(String markup) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(markup.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + markup, e);
        }
    }

    static List<Element> elements(Document d, String namespace, String name) {
        NodeList nodes = d.getElementsByTagNameNS(namespace, name);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /** The elements directly under {@code parent}, in order. */
    static List<Element> children(Element parent) {
        NodeList nodes = parent.getChildNodes();
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                elements.add(e);
            }
        }
        return elements;
    }

    /** Every coordinate of every SVG element is a finite number, and every point of a line is within the chart. */
    static void assertFiniteCoordinates(Document d) {
        for (Element e : elements(d, SVG, "*")) {
            for (String attribute : COORDINATES) {
                if (e.hasAttribute(attribute)) {
                    assertThat(Double.parseDouble(e.getAttribute(attribute)))
                            .as("%s of <%s>", attribute, e.getLocalName()).isFinite();
                }
            }
            if (e.hasAttribute("points")) {
                for (String pair : e.getAttribute("points").trim().split("\\s+")) {
                    String[] xy = pair.split(",");
                    assertThat(xy).as(pair).hasSize(2);
                    assertThat(Double.parseDouble(xy[0])).as(pair).isFinite().isBetween(0.0, SvgChart.WIDTH + 0.0);
                    assertThat(Double.parseDouble(xy[1])).as(pair).isFinite().isBetween(0.0, SvgChart.HEIGHT + 0.0);
                }
            }
        }
    }
}
