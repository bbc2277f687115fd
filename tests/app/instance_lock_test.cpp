#include "orchestrator/app/instance_lock.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>

using steward::app::InstanceLock;

BOOST_AUTO_TEST_SUITE(instance_lock)

BOOST_AUTO_TEST_CASE(one_engine_per_database) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("steward-lock-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto db = dir / "steward.db";
    std::string error;
    {
        auto first = InstanceLock::acquire(db, error);
        BOOST_REQUIRE(first.has_value());
        auto second = InstanceLock::acquire(db, error);
        BOOST_TEST(!second.has_value());
        BOOST_TEST(error.find("is in use by another steward process (pid " + std::to_string(::getpid()) +
                              ")") != std::string::npos,
                   error);
        BOOST_TEST(error.find(db.string() + ".lock") != std::string::npos, error);
    }
    error.clear();
    BOOST_TEST(InstanceLock::acquire(db, error).has_value(), "released with its owner: " << error);
    BOOST_TEST(!InstanceLock::acquire(dir / "missing" / "x.db", error).has_value());
    BOOST_TEST(error.find("cannot open the lock file") != std::string::npos, error);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
