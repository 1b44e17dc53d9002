package io.leadloop.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inline policy statements of one function in template.yaml, evaluated as IAM evaluates identity policies: a
 * request is allowed when some Allow statement matches its action, resource and conditions and no Deny statement
 * does. Only what the template uses is understood; anything else fails loudly rather than being guessed.
 */
public final class IamPolicy {

    /** One authorization IAM makes: an action on a resource, with the request's condition keys. */
    public record Request(String action, String resource, Map<String, String> context) {
        @Override
        public String toString() {
            return action + " on " + resource + (context.isEmpty() ? "" : " " + context);
        }
    }

    private final List<Map<String, Object>> statements;

    private IamPolicy(List<Map<String, Object>> statements) {
        this.statements = statements;
    }

    /** The statements of {@code Policies} of the serverless function {@code function}, resolved. */
    public static IamPolicy ofFunction(Template template, String function) {
        Object policies = template.resolve(Template.map(template.resource(function).get("Properties")).get("Policies"));
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<?>) policies) {
            Map<String, Object> document = Template.map(policy);
            if (!document.containsKey("Statement")) {
                throw new IllegalArgumentException(function + ": only inline policy documents are evaluated here, not " + policy);
            }
            for (Object statement : asList(document.get("Statement"))) statements.add(Template.map(statement));
        }
        return new IamPolicy(statements);
    }

    public boolean allows(Request request) {
        boolean allowed = false;
        for (Map<String, Object> statement : statements) {
            if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                throw new IllegalArgumentException("NotAction/NotResource are not evaluated here: " + statement);
            }
            boolean matches = asList(statement.get("Action")).stream().anyMatch(a -> glob(a.toString(), request.action(), true))
                    && asList(statement.get("Resource")).stream().anyMatch(r -> glob(r.toString(), request.resource(), false))
                    && conditionsHold(Template.map(statement.get("Condition")), request.context());
            if (!matches) continue;
            if ("Deny".equals(statement.get("Effect"))) return false;
            allowed |= "Allow".equals(statement.get("Effect"));
        }
        return allowed;
    }

    private static boolean conditionsHold(Map<String, Object> conditions, Map<String, String> context) {
        for (Map.Entry<String, Object> operator : conditions.entrySet()) {
            for (Map.Entry<String, Object> test : Template.map(operator.getValue()).entrySet()) {
                // A key the request does not carry never satisfies a String condition.
                String actual = context.get(test.getKey());
                List<?> expected = asList(test.getValue());
                boolean holds = switch (operator.getKey()) {
                    case "StringEquals" -> actual != null && expected.stream().anyMatch(e -> e.toString().equals(actual));
                    case "StringLike" -> actual != null && expected.stream().anyMatch(e -> glob(e.toString(), actual, false));
                    default -> throw new IllegalArgumentException("condition operator " + operator.getKey() + " is not evaluated here");
                };
                if (!holds) return false;
            }
        }
        return true;
    }

    private static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("((?<=[*?])|(?=[*?]))")) {
            regex.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0).matcher(value).matches();
    }

    private static List<?> asList(Object value) {
        return value == null ? List.of() : value instanceof List<?> l ? l : List.of(value);
    }
}
