#include "orchestrator/store/read_pool.hpp"

#include <stdexcept>

namespace steward::store {

ReadStore::ReadStore(const std::string& path)
    : db_(path, Database::ReadOnly{}), runs_(db_), tasks_(db_), reports_(db_), audit_(db_), registry_(db_) {}

ReadPool::ReadPool(const std::string& path, ReadPoolSettings settings) : settings_(std::move(settings)) {
    if (settings_.threads == 0 || settings_.threads > 8) {
        throw std::invalid_argument("store: a read pool has 1 to 8 threads, not " +
                                    std::to_string(settings_.threads));
    }
    for (std::size_t i = 0; i < settings_.threads; ++i) {
        stores_.push_back(std::make_unique<ReadStore>(path));
    }
    for (auto& store : stores_) {
        threads_.emplace_back([this, &store] { work(*store); });
    }
}

ReadPool::~ReadPool() {
    std::deque<Job> dropped;
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped.swap(queue_);
    }
    wake_.notify_all();
    for (std::thread& thread : threads_) {
        thread.join();
    }
}

bool ReadPool::submit(Job job) {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= settings_.max_queued) {
            return false;
        }
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

std::size_t ReadPool::pending() const {
    const std::lock_guard lock(mutex_);
    return queue_.size() + running_;
}

void ReadPool::work(ReadStore& store) {
    while (true) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                return;
            }
            job = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        try {
            if (settings_.before_job) {
                settings_.before_job();
            }
            job(store.view());
        } catch (...) {  // NOLINT(bugprone-empty-catch): documented, a job reports its own failures
        }
        job = nullptr;  // its captures are released on this thread, before it counts as done
        const std::lock_guard lock(mutex_);
        --running_;
    }
}

}  // namespace steward::store
