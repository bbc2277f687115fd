#include "orchestrator/reports/csv_reader.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace steward::reports;

namespace {

const std::vector<ColumnRequest> kRequests{
    {"label", ColumnKind::binary}, {"score"}, {"seg", ColumnKind::categorical}};

std::string error_of(std::string_view text, const std::vector<ColumnRequest>& req = kRequests) {
    auto t = parse_csv(text, "in.csv", req, 2);
    return t ? std::string{"(no error)"} : t.error().message;
}

std::string detail_of(std::string_view text) {
    auto t = parse_csv(text, "in.csv", kRequests, 2);
    return t ? std::string{"(no error)"} : t.error().detail;
}

bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_reader)

BOOST_AUTO_TEST_CASE(reads_requested_columns_quotes_crlf_blank_lines_and_missing) {
    const std::string text =
        "\xEF\xBB\xBF"
        "id,\"score\",label,seg,extra\r\n"
        "1,0.25,1,a,\"x, y\"\r\n"
        "\r\n"
        "2,,0,\"b\"\"q\",z\r\n"
        "3,NA,true,,\n"
        "4,+1e-3,0.0,a,\"\"";
    auto t = parse_csv(text, "in.csv", kRequests, 2);
    BOOST_TEST_REQUIRE(t.has_value(), (t ? "" : t.error().message));
    BOOST_TEST(t->rows == 4u);
    const Column* score = t->find("score");
    const Column* label = t->find("label");
    const Column* seg = t->find("seg");
    BOOST_TEST_REQUIRE((score && label && seg));
    BOOST_TEST(score->numbers[0] == 0.25);
    BOOST_TEST(std::isnan(score->numbers[1]));
    BOOST_TEST(std::isnan(score->numbers[2]));
    BOOST_TEST(score->numbers[3] == 1e-3);
    BOOST_TEST(label->numbers[0] == 1.0);
    BOOST_TEST(label->numbers[1] == 0.0);
    BOOST_TEST(label->numbers[2] == 1.0);
    BOOST_TEST(label->numbers[3] == 0.0);
    BOOST_TEST(seg->categories == (std::vector<std::string>{"a", "b\"q"}));
    BOOST_TEST(seg->codes[0] == 0u);
    BOOST_TEST(seg->codes[1] == 1u);
    BOOST_TEST(seg->codes[2] == kMissingCode);
    BOOST_TEST(seg->codes[3] == 0u);
    BOOST_TEST(t->find("extra") == nullptr);
}

BOOST_AUTO_TEST_CASE(optional_column_absent_is_left_out) {
    const std::vector<ColumnRequest> req{{"score"}, {"model_version", ColumnKind::categorical, false}};
    auto t = parse_csv("score\n0.5\n", "in.csv", req, 1);
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->columns.size() == 1u);
}

BOOST_AUTO_TEST_CASE(errors_name_the_place) {
    BOOST_TEST(contains(error_of(""), "in.csv: empty file"));
    BOOST_TEST(contains(error_of("label,score,seg\n"), "in.csv: no data rows"));
    BOOST_TEST(error_of("label,seg\n1,a\n") == "in.csv: column 'score' not found in the header");
    BOOST_TEST(error_of("label,score,seg\n1,0.5,a\n0,abc,b\n") ==
               "in.csv:3: column 'score': the field is not a number");
    BOOST_TEST(
        error_of("label,score,seg\n1,0.5,a\n\n2,0.1,b\n") ==
        "in.csv:4: column 'label': the label is not 0 or 1 (a numeric target needs --task regression)");
    BOOST_TEST(contains(error_of("label,score,seg\n1,0.5\n"), "in.csv:2: expected 3 fields"));
    BOOST_TEST(contains(error_of("label,score,seg\n1,0.5,a,x\n"), "in.csv:2: expected 3 fields"));
    BOOST_TEST(contains(error_of("label,score,seg\n1,0.5,\"a\n"), "in.csv:2: unterminated quoted field"));
    BOOST_TEST(contains(error_of("label,score,score,seg\n1,0.5,0.5,a\n"), "appears more than once"));
    BOOST_TEST(contains(error_of("label,score,seg\n1,0.5x,a\n"),
                        "in.csv:2: column 'score': the field is not a number"));
}

// The messages reach API callers who may not read the file: its bytes are only in `detail`.
BOOST_AUTO_TEST_CASE(messages_never_quote_the_input_and_the_detail_does) {
    const std::string shadow = "root:*:19000:0:99999:7:::\nx\n";
    const std::string error = error_of(shadow);
    BOOST_TEST(error == "in.csv: column 'label' not found in the header");
    BOOST_TEST(!contains(error, "root"));
    BOOST_TEST(detail_of(shadow) == "the header has: root:*:19000:0:99999:7:::");
    BOOST_TEST(!contains(error_of("label,score,seg\n1,s3cret,a\n"), "s3cret"));
    BOOST_TEST(detail_of("label,score,seg\n1,s3cret,a\n") == "the field is 's3cret'");
    BOOST_TEST(!contains(error_of("label,score,seg\n7,0.5,a\n"), "7"));
    BOOST_TEST(detail_of("label,score,seg\n7,0.5,a\n") == "the label is '7'");
    BOOST_TEST(detail_of("label,score,seg\n1,0.5\n").empty());
}

BOOST_AUTO_TEST_CASE(parallel_chunks_agree_with_one_thread_and_report_the_first_error_line) {
    std::string text = "label,score,seg\n";
    for (int i = 0; i < 400000; ++i) {
        text += std::to_string(i % 3 == 0 ? 1 : 0) + "," + std::to_string(i % 1000) + ".125," +
                (i < 300000 ? "s" + std::to_string(i % 7) : "late" + std::to_string(i % 5)) + "\n";
        if (i % 50000 == 0) {
            text += "\n";  // blank lines shift rows between chunks
        }
    }
    BOOST_TEST_REQUIRE(text.size() > (std::size_t{4} << 20U));  // several chunks
    auto one = parse_csv(text, "big.csv", kRequests, 1);
    auto many = parse_csv(text, "big.csv", kRequests, 4);
    BOOST_TEST_REQUIRE((one && many));
    BOOST_TEST(many->rows == 400000u);
    BOOST_TEST(one->find("score")->numbers == many->find("score")->numbers);
    BOOST_TEST(one->find("label")->numbers == many->find("label")->numbers);
    const Column* seg = many->find("seg");
    BOOST_TEST(seg->categories.size() == 12u);
    for (std::size_t r : {std::size_t{0}, std::size_t{299999}, std::size_t{300000}, std::size_t{399999}}) {
        const std::string want = r < 300000 ? "s" + std::to_string(r % 7) : "late" + std::to_string(r % 5);
        BOOST_TEST(seg->categories[seg->codes[r]] == want);
    }
    // Break a row near the end: the message carries its true line number.
    const std::size_t at = text.rfind("0,999.125");
    std::string broken = text;
    broken.replace(at, 9, "0,9x9.125");
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(
                                     broken.begin(), broken.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    BOOST_TEST(contains(error_of(broken), "in.csv:" + std::to_string(line) + ": column 'score'"));
}

// Rows the plain-row fast path takes and rows it hands to the general loop (quotes, blanks, CRLF,
// exponents, long numbers, missing values, true/false) interleave; every value must be what the
// general rules give, whichever path read it.
BOOST_AUTO_TEST_CASE(plain_and_general_rows_interleave_with_the_same_results) {
    std::mt19937_64 rng{11};
    std::uniform_real_distribution<double> unit{-2, 3};
    const char* number_formats[] = {"%.6f", "%.2f", "%.12f", "%.3e", "%.0f", " %.4f", "%.9g"};
    const char* labels[] = {"0", "1", "true", "0.0", " 1", "\"1\""};
    const char* cats[] = {"a", "bb", "\"a\"", " c", "", "bb "};
    std::string text = "label,score,skip,seg\n";
    std::vector<double> want_score;
    std::vector<double> want_label;
    std::vector<std::string> want_seg;
    for (int i = 0; i < 20000; ++i) {
        const int shape = static_cast<int>(rng() % 10);  // 0..5: plain (5: CRLF), 6..9: one odd field
        char buf[64];
        const double x = unit(rng);
        std::snprintf(buf, sizeof buf, shape < 6 ? "%.6f" : number_formats[rng() % 7], x);
        std::string score = shape == 9 && i % 2 == 0 ? "NA" : buf;
        const std::size_t li = shape < 6 ? rng() % 2 : rng() % 6;
        const std::size_t ci = shape < 6 ? rng() % 2 : rng() % 6;
        const std::string skip = shape == 8 ? "\"x,\"\"y\"" : "7";
        text += std::string(labels[li]) + "," + score + "," + skip + "," + cats[ci] +
                (shape == 7 || shape == 5 ? "\r\n" : "\n");
        want_score.push_back(score == "NA" ? NAN : std::strtod(buf, nullptr));
        want_label.push_back(li == 0 || li == 3 ? 0.0 : 1.0);
        const std::string seg = cats[ci];
        want_seg.push_back(seg == "\"a\"" ? "a" : seg == " c" ? "c" : seg == "bb " ? "bb" : seg);
    }
    for (const unsigned threads : {1U, 3U}) {
        auto t = parse_csv(text, "mixed.csv", kRequests, threads);
        BOOST_TEST_REQUIRE(t.has_value(), (t ? "" : t.error().message));
        BOOST_TEST_REQUIRE(t->rows == want_score.size());
        const Column* score = t->find("score");
        const Column* label = t->find("label");
        const Column* seg = t->find("seg");
        for (std::size_t r = 0; r < t->rows; ++r) {
            const double got = score->numbers[r];
            BOOST_REQUIRE_MESSAGE(got == want_score[r] || (std::isnan(got) && std::isnan(want_score[r])),
                                  "row " << r << ": score " << got << " want " << want_score[r]);
            BOOST_REQUIRE_MESSAGE(label->numbers[r] == want_label[r], "row " << r << ": label");
            const std::string got_seg = seg->codes[r] == kMissingCode ? "" : seg->categories[seg->codes[r]];
            BOOST_REQUIRE_MESSAGE(got_seg == want_seg[r], "row " << r << ": seg '" << got_seg << "'");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
