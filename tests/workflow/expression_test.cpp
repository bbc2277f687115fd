#include "orchestrator/core/expression.hpp"
#include "orchestrator/core/text_template.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using steward::core::Expression;
using steward::core::MapLookup;
using steward::core::TextTemplate;
using steward::core::Value;

namespace {

MapLookup lookup() {
    MapLookup values;
    values.set("params.ks_min", 0.3);
    values.set("params.model", std::string("churn"));
    values.set("steps.report.metrics.ks", 0.42);
    values.set("steps.review.outcome", std::string("retrain"));
    values.set("steps.train.state", std::string("succeeded"));
    values.set("params.optional", Value{});
    values.set("params.flag", true);
    return values;
}

Value eval(const char* text) {
    const auto parsed = Expression::parse(text);
    BOOST_TEST_REQUIRE(parsed.ok(),
                       "parse failed for '" << text << "': " << (parsed ? "" : parsed.error().message));
    const auto value = parsed->evaluate(lookup());
    BOOST_TEST_REQUIRE(value.ok(),
                       "evaluation failed for '" << text << "': " << (value ? "" : value.error().message));
    return value.value();
}

std::string parse_error(const char* text) {
    const auto parsed = Expression::parse(text);
    BOOST_TEST_REQUIRE(!parsed.ok(), "'" << text << "' should not parse");
    return parsed.error().message + " @" + std::to_string(parsed.error().offset);
}

std::string eval_error(const char* text) {
    const auto parsed = Expression::parse(text);
    BOOST_TEST_REQUIRE(parsed.ok(), (parsed ? "" : parsed.error().message));
    const auto value = parsed->evaluate(lookup());
    BOOST_TEST_REQUIRE(!value.ok(), "'" << text << "' should not evaluate");
    return value.error().message + " @" + std::to_string(value.error().offset);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(expressions)

BOOST_AUTO_TEST_CASE(comparisons_of_numbers_strings_and_null) {
    BOOST_TEST((eval("steps.report.metrics.ks >= params.ks_min") == Value(true)));
    BOOST_TEST((eval("steps.report.metrics.ks < 0.3") == Value(false)));
    BOOST_TEST((eval("steps.review.outcome == \"retrain\"") == Value(true)));
    BOOST_TEST((eval("steps.review.outcome != 'keep'") == Value(true)));
    BOOST_TEST((eval("'abc' < 'abd'") == Value(true)));
    BOOST_TEST((eval("params.optional == null") == Value(true)));
    BOOST_TEST((eval("params.model == null") == Value(false)));
    BOOST_TEST((eval("-1.5e1 <= -15") == Value(true)));
    BOOST_TEST((eval("1 == 1.0") == Value(true)));
}

BOOST_AUTO_TEST_CASE(logic_precedence_and_parentheses) {
    // not > and > or
    BOOST_TEST((eval("true or false and false") == Value(true)));
    BOOST_TEST((eval("(true or false) and false") == Value(false)));
    BOOST_TEST((eval("not params.flag or true") == Value(true)));
    BOOST_TEST((eval("not (params.flag and steps.report.metrics.ks > 0.5)") == Value(true)));
    BOOST_TEST((eval("not not true") == Value(true)));
    BOOST_TEST((eval("steps.train.state == 'succeeded' and steps.report.metrics.ks > 0.4 and params.flag") ==
                Value(true)));
}

BOOST_AUTO_TEST_CASE(and_or_short_circuit) {
    // The right operand names nothing the lookup knows; it is never evaluated.
    BOOST_TEST((eval("false and steps.nowhere.state == 'x'") == Value(false)));
    BOOST_TEST((eval("true or steps.nowhere.state == 'x'") == Value(true)));
}

BOOST_AUTO_TEST_CASE(literals_and_escapes) {
    BOOST_TEST((eval("'it\\'s'") == Value(std::string("it's"))));
    BOOST_TEST((eval("\"a\\\"b\\\\c\\n\"") == Value(std::string("a\"b\\c\n"))));
    BOOST_TEST((eval("42") == Value(42.0)));
    BOOST_TEST((eval("null") == Value()));
}

BOOST_AUTO_TEST_CASE(syntax_errors_say_what_and_where) {
    BOOST_TEST(parse_error("") == "empty expression @0");
    BOOST_TEST(parse_error("a && b") == "'&&' is not an operator (use 'and') @2");
    BOOST_TEST(parse_error("a || b") == "'||' is not an operator (use 'or') @2");
    BOOST_TEST(parse_error("!a") == "'!' is not an operator (use 'not') @0");
    BOOST_TEST(parse_error("a = 1") == "'=' is not an operator (use '==') @2");
    BOOST_TEST(parse_error("(a == 1") == "unclosed '(' @0");
    BOOST_TEST(parse_error("a == 1)") == "unexpected ')' after the expression @6");
    BOOST_TEST(parse_error("1 < 2 < 3") == "comparisons cannot be chained (use 'and') @6");
    BOOST_TEST(parse_error("'abc") == "unterminated string @0");
    BOOST_TEST(parse_error("a ==") == "unexpected end of expression (expected a value) @4");
    BOOST_TEST(parse_error("a b") == "unexpected 'b' after the expression @2");
    BOOST_TEST(parse_error("1.2.3") == "invalid number '1.2.3' @0");
    BOOST_TEST(parse_error("steps..x") == "expected a name after '.' in 'steps.' @5");
    BOOST_TEST(parse_error("a # b") == "unexpected character '#' @2");
    BOOST_TEST(parse_error("'\\q'") == "unknown escape '\\q' in string (known: \\\\ \\\" \\' \\n \\t) @1");
    BOOST_TEST(parse_error("and") == "expected a value but found 'and' @0");
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded) {
    std::string deep(Expression::kMaxDepth + 1, '(');
    deep += "true";
    deep += std::string(Expression::kMaxDepth + 1, ')');
    BOOST_TEST(parse_error(deep.c_str()).find("expression is nested too deeply") == 0u);
    std::string nots;
    for (int i = 0; i <= Expression::kMaxDepth; ++i) {
        nots += "not ";
    }
    nots += "true";
    BOOST_TEST(parse_error(nots.c_str()).find("expression is nested too deeply") == 0u);
    // Long flat chains are fine and evaluate without deep recursion.
    std::string chain = "true";
    for (int i = 0; i < 100000; ++i) {
        chain += " and true";
    }
    BOOST_TEST((eval(chain.c_str()) == Value(true)));
}

BOOST_AUTO_TEST_CASE(evaluation_errors_name_the_reference_or_operator) {
    BOOST_TEST(eval_error("steps.report.metrics.kss > 0.3") == "no value for 'steps.report.metrics.kss' @0");
    BOOST_TEST(eval_error("params.model < 3") == "cannot compare string with number using '<' @13");
    BOOST_TEST(eval_error("params.model == 3") == "cannot compare string with number using '==' @13");
    BOOST_TEST(eval_error("1 and true") == "'and' needs boolean operands, got number @2");
    BOOST_TEST(eval_error("false or 'x'") == "'or' needs boolean operands, got string @6");
    BOOST_TEST(eval_error("not 1") == "'not' needs a boolean, got number @0");
    BOOST_TEST(eval_error("null < 1") == "cannot compare null with number using '<' @5");
    const auto number = Expression::parse("params.ks_min").value();
    BOOST_TEST(number.evaluate_condition(lookup()).error().message == "condition is a number, not a boolean");
    BOOST_TEST(Expression::parse("params.flag").value().evaluate_condition(lookup()).value());
}

BOOST_AUTO_TEST_CASE(references_are_listed_in_text_order) {
    const auto e = Expression::parse("steps.a.outputs.x > 1 and params.p == run.id").value();
    const auto refs = e.references();
    BOOST_TEST_REQUIRE(refs.size() == 3u);
    BOOST_TEST(refs[0].dotted() == "steps.a.outputs.x");
    BOOST_TEST(refs[1].dotted() == "params.p");
    BOOST_TEST(refs[1].offset == 26u);
    BOOST_TEST(refs[2].dotted() == "run.id");
}

BOOST_AUTO_TEST_CASE(templates_interpolate_and_escape) {
    const auto t =
        TextTemplate::parse("Model ${params.model} KS is ${steps.report.metrics.ks}: retrain?").value();
    BOOST_TEST(t.has_expressions());
    BOOST_TEST(t.render(lookup()).value() == "Model churn KS is 0.42: retrain?");
    BOOST_TEST(TextTemplate::parse("cost $5 and $${literal}").value().render(lookup()).value() ==
               "cost $5 and ${literal}");
    BOOST_TEST(TextTemplate::parse("${ '}' == '}' }").value().render(lookup()).value() == "true");
    BOOST_TEST(TextTemplate::parse("[${params.optional}]").value().render(lookup()).value() == "[]");
    BOOST_TEST(TextTemplate::parse("n=${3}").value().render(lookup()).value() == "n=3");
    BOOST_TEST(!TextTemplate::parse("plain").value().has_expressions());
}

BOOST_AUTO_TEST_CASE(template_errors_have_offsets_in_the_whole_text) {
    const auto unclosed = TextTemplate::parse("abc ${params.x");
    BOOST_TEST(unclosed.error().message == "unclosed '${' (missing '}')");
    BOOST_TEST(unclosed.error().offset == 4u);
    const auto bad = TextTemplate::parse("abc ${a && b}");
    BOOST_TEST(bad.error().message == "'&&' is not an operator (use 'and')");
    BOOST_TEST(bad.error().offset == 8u);
    const auto missing = TextTemplate::parse("x ${steps.r.metrics.gini}").value().render(lookup());
    BOOST_TEST(missing.error().message == "no value for 'steps.r.metrics.gini'");
    BOOST_TEST(missing.error().offset == 4u);
    BOOST_TEST(steward::core::has_interpolation("a ${b}"));
    BOOST_TEST(!steward::core::has_interpolation("a $${b} $x"));
}

BOOST_AUTO_TEST_CASE(number_text_is_shortest_and_integral_without_fraction) {
    BOOST_TEST(steward::core::to_text(Value(3.0)) == "3");
    BOOST_TEST(steward::core::to_text(Value(0.1)) == "0.1");
    BOOST_TEST(steward::core::to_text(Value(-2.5)) == "-2.5");
    BOOST_TEST(steward::core::to_text(Value(false)) == "false");
    BOOST_TEST(steward::core::to_literal(Value(std::string("a\"b"))) == "\"a\\\"b\"");
}

BOOST_AUTO_TEST_SUITE_END()
