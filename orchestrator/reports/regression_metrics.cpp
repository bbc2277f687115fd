#include "orchestrator/reports/regression_metrics.hpp"

#include <cmath>
#include <stdexcept>

namespace steward::reports {

RegressionMetrics regression_metrics(std::span<const double> y, std::span<const double> yhat) {
    if (y.size() != yhat.size()) {
        throw std::invalid_argument("regression_metrics: target and prediction differ in length");
    }
    RegressionMetrics m;
    double sum_y = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (std::isnan(y[i]) || std::isnan(yhat[i])) {
            ++m.skipped;
            continue;
        }
        ++m.n;
        sum_y += y[i];
    }
    if (m.n == 0) {
        return m;
    }
    const double n = static_cast<double>(m.n);
    const double mean_y = sum_y / n;
    double ss_res = 0;
    double ss_tot = 0;
    double abs_sum = 0;
    double ape_sum = 0;
    double bias_sum = 0;
    std::size_t ape_n = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (std::isnan(y[i]) || std::isnan(yhat[i])) {
            continue;
        }
        const double e = yhat[i] - y[i];
        ss_res += e * e;
        ss_tot += (y[i] - mean_y) * (y[i] - mean_y);
        abs_sum += std::fabs(e);
        bias_sum += e;
        if (y[i] != 0) {
            ape_sum += std::fabs(e) / std::fabs(y[i]);
            ++ape_n;
        }
    }
    m.rmse = std::sqrt(ss_res / n);
    m.mae = abs_sum / n;
    m.bias = bias_sum / n;
    if (ss_tot != 0) {
        m.r2 = 1 - ss_res / ss_tot;
    } else {
        m.r2 = ss_res == 0 ? 1.0 : 0.0;
    }
    m.mape_skipped_zero = m.n - ape_n;
    m.mape = ape_n == 0 ? 0.0 : ape_sum / static_cast<double>(ape_n);
    return m;
}

}  // namespace steward::reports
