package io.leadloop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as CloudFormation would see it for one set of parameter values: short tags ({@code !Ref},
 * {@code !Sub}, {@code !If}, ...) are read as their long forms and {@link #resolve} evaluates them, with the pseudo
 * parameters of a fixed account and region. The stack's resources get made-up physical names ({@link #physicalName}).
 */
public final class Template {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    public static final String STACK = "leadloop-test";
    /** Stands for a removed list item or property ({@code AWS::NoValue}). */
    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final Map<String, Object> document;
    private final Map<String, Object> parameters;

    private Template(Map<String, Object> document, Map<String, Object> overrides) {
        this.document = document;
        this.parameters = new HashMap<>();
        map(document.get("Parameters")).forEach((name, definition) -> {
            Object fallback = map(definition).get("Default");
            if (fallback != null) parameters.put(name, fallback.toString());
        });
        parameters.putAll(overrides);
    }

    /** The template at {@code file} with these parameter values (the others take their defaults). */
    public static Template load(Path file, Map<String, Object> parameters) {
        try {
            return parse(Files.readString(file), parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Template parse(String yaml, Map<String, Object> parameters) {
        return new Template((Map<String, Object>) new Yaml(new IntrinsicConstructor()).load(yaml), parameters);
    }

    public Map<String, Object> document() {
        return document;
    }

    public Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = map(map(document.get("Resources")).get(logicalId));
        if (resource.isEmpty()) throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
        return resource;
    }

    /** A property of a serverless function, or else its value in {@code Globals.Function}. */
    public Object functionProperty(String function, String property) {
        Object own = map(resource(function).get("Properties")).get(property);
        return own != null ? own : map(map(document.get("Globals")).get("Function")).get(property);
    }

    /** The function's environment as Lambda gets it: Globals' variables, then its own, resolved. */
    public Map<String, String> environment(String function) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> properties : List.of(map(map(document.get("Globals")).get("Function")), map(resource(function).get("Properties")))) {
            map(map(properties.get("Environment")).get("Variables")).forEach((key, value) -> {
                Object resolved = resolve(value);
                if (resolved != NO_VALUE) env.put(key, resolved.toString());
            });
        }
        return env;
    }

    public static String physicalName(String logicalId) {
        return STACK + "-" + logicalId;
    }

    /** Evaluates intrinsic functions; {@code AWS::NoValue} items and properties are dropped. */
    public Object resolve(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object resolved = resolve(item);
                if (resolved != NO_VALUE) out.add(resolved);
            }
            return out;
        }
        if (!(value instanceof Map<?, ?> raw)) return value;
        Map<String, Object> node = map(raw);
        if (node.size() == 1) {
            String fn = node.keySet().iterator().next();
            Object arg = node.get(fn);
            switch (fn) {
                case "Ref": return ref(arg.toString());
                case "Fn::GetAtt": return getAtt(arg instanceof List<?> l ? l.get(0) + "." + l.get(1) : arg.toString());
                case "Fn::Sub": return sub(arg);
                case "Fn::If": {
                    List<?> args = (List<?>) arg;
                    return resolve(condition(args.get(0).toString()) ? args.get(1) : args.get(2));
                }
                case "Fn::Equals": {
                    List<?> args = (List<?>) arg;
                    return String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
                }
                case "Fn::Not": return !(Boolean) resolve(((List<?>) arg).get(0));
                case "Fn::And": return ((List<?>) arg).stream().allMatch(a -> (Boolean) resolve(a));
                case "Fn::Or": return ((List<?>) arg).stream().anyMatch(a -> (Boolean) resolve(a));
                case "Condition": return condition(arg.toString());
                case "Fn::Join": {
                    List<?> args = (List<?>) arg;
                    List<?> parts = (List<?>) resolve(args.get(1));
                    return String.join(args.get(0).toString(), parts.stream().map(String::valueOf).toList());
                }
                case "Fn::Split": {
                    List<?> args = (List<?>) arg;
                    return List.of(resolve(args.get(1)).toString().split(Pattern.quote(args.get(0).toString()), -1));
                }
                case "Fn::Select": {
                    List<?> args = (List<?>) arg;
                    return ((List<?>) resolve(args.get(1))).get(Integer.parseInt(resolve(args.get(0)).toString()));
                }
                default:
                    if (fn.startsWith("Fn::")) throw new IllegalArgumentException("no evaluation of " + fn + " here");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.forEach((k, v) -> {
            Object resolved = resolve(v);
            if (resolved != NO_VALUE) out.put(k, resolved);
        });
        return out;
    }

    private boolean condition(String name) {
        Object definition = map(document.get("Conditions")).get(name);
        if (definition == null) throw new IllegalArgumentException("template.yaml has no condition " + name);
        return (Boolean) resolve(definition);
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::NoValue": return NO_VALUE;
            case "AWS::Region": return REGION;
            case "AWS::AccountId": return ACCOUNT;
            case "AWS::Partition": return "aws";
            case "AWS::URLSuffix": return "amazonaws.com";
            case "AWS::StackName": return STACK;
            default: break;
        }
        if (parameters.containsKey(name)) {
            Object value = parameters.get(name);
            String type = String.valueOf(map(map(document.get("Parameters")).get(name)).get("Type"));
            if (type.equals("CommaDelimitedList") && value instanceof String s) {
                return s.isEmpty() ? List.of("") : List.of(s.split(",", -1));
            }
            return value;
        }
        if (map(document.get("Parameters")).containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " has no default: give it a value");
        }
        resource(name);
        return physicalName(name);
    }

    private Object getAtt(String target) {
        String[] parts = target.split("\\.", 2);
        String type = String.valueOf(resource(parts[0]).get("Type"));
        if (parts[1].equals("Arn")) {
            return switch (type) {
                case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + physicalName(parts[0]);
                case "AWS::SQS::Queue" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + physicalName(parts[0]);
                default -> "arn:aws:" + type + ":" + REGION + ":" + ACCOUNT + ":" + physicalName(parts[0]);
            };
        }
        return physicalName(parts[0]) + "." + parts[1];
    }

    private Object sub(Object arg) {
        String text;
        Map<String, Object> variables = new HashMap<>();
        if (arg instanceof List<?> list) {
            text = list.get(0).toString();
            map(list.get(1)).forEach((k, v) -> variables.put(k, resolve(v)));
        } else {
            text = arg.toString();
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value = variables.containsKey(name) ? variables.get(name)
                    : name.contains(".") && !name.startsWith("AWS::") ? getAtt(name) : ref(name);
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** CloudFormation's short tags, read as the long forms ({@code !Ref X} as {@code {Ref: X}}). */
    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of("Ref", "Condition", "GetAtt", "Sub", "If", "Equals", "Not", "And", "Or", "Join", "Split", "Select",
                    "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue")) {
                String longName = fn.equals("Ref") || fn.equals("Condition") ? fn : "Fn::" + fn;
                yamlConstructors.put(new Tag("!" + fn), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            String text = constructScalar(scalar);
                            value = fn.equals("GetAtt") ? List.of(text.split("\\.", 2)) : text;
                        } else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(longName, value);
                    }
                });
            }
        }
    }
}
