#include "store/sqlite/group_commit_writer.hpp"

#include <chrono>
#include <cstdio>

#include "store/common/store_metrics.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_error.hpp"

namespace tribune::store::sqlite {

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> db, std::size_t max_batch_jobs)
    : db_(std::move(db)),
      max_batch_jobs_(max_batch_jobs > 0 ? max_batch_jobs : 1),
      thread_([this] { loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

std::size_t GroupCommitWriter::batches_committed() const {
    std::lock_guard lock(mutex_);
    return batches_committed_;
}

std::size_t GroupCommitWriter::queued_jobs() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::optional<domain::Error> GroupCommitWriter::submit(Job& job) {
    auto done = job.done.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return unavailable_error();
        queue_.push_back(&job);
        store_metrics().writes_waiting.add(1);
    }
    wake_.notify_one();
    done.wait();
    if (job.exception) std::rethrow_exception(job.exception);
    return std::move(job.error);
}

void GroupCommitWriter::loop() {
    std::vector<Job*> batch;
    batch.reserve(max_batch_jobs_);
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to write
            while (!queue_.empty() && batch.size() < max_batch_jobs_) {
                batch.push_back(queue_.front());
                queue_.pop_front();
                store_metrics().writes_waiting.add(-1);
            }
        }
        run_batch(batch);
        // A job lives on its caller's stack: after set_value it may be gone.
        for (Job* job : batch) job->done.set_value();
        batch.clear();
    }
}

void GroupCommitWriter::run_batch(const std::vector<Job*>& batch) {
    std::size_t next = 0;
    while (next < batch.size()) {
        const std::size_t first = next;
        if (auto begin = db_->run("BEGIN IMMEDIATE"); !begin) {
            for (; next < batch.size(); ++next) batch[next]->error = begin.error();
            return;
        }
        bool lost = false;
        for (; next < batch.size() && !lost; ++next) {
            run_job(*batch[next]);
            // Some errors (disk full, I/O) make SQLite roll back the whole transaction itself:
            // the jobs before this one are lost too, and the rest start a new transaction.
            lost = !db_->in_transaction();
        }
        if (lost) {
            // They share the cause of the job that lost the transaction (a full disk, say).
            const Job& cause = *batch[next - 1];
            const domain::Error shared = cause.error ? *cause.error : unavailable_error();
            for (std::size_t i = first; i < next; ++i)
                if (!batch[i]->error && !batch[i]->exception) batch[i]->error = shared;
            continue;
        }
        const auto commit_started = std::chrono::steady_clock::now();
        if (auto commit = db_->run("COMMIT"); !commit) {
            if (db_->in_transaction()) (void)db_->run("ROLLBACK");
            for (std::size_t i = first; i < next; ++i)
                if (!batch[i]->error && !batch[i]->exception) batch[i]->error = commit.error();
            continue;
        }
        store_metrics().committed(next - first, commit_started);
        std::lock_guard lock(mutex_);
        ++batches_committed_;
    }
}

void GroupCommitWriter::run_job(Job& job) {
    if (auto sp = db_->run("SAVEPOINT job"); !sp) {
        job.error = sp.error();
        return;
    }
    try {
        job.error = job.fn(job.ctx, *db_);
    } catch (...) {
        job.exception = std::current_exception();
    }
    if (!job.error && !job.exception) {
        auto released = db_->run("RELEASE job");
        if (released) return;
        job.error = released.error();
    }
    if (!db_->in_transaction()) return;
    // ROLLBACK TO keeps the savepoint open; RELEASE then drops it, keeping the batch's other jobs.
    (void)db_->run("ROLLBACK TO job");
    (void)db_->run("RELEASE job");
}

}  // namespace tribune::store::sqlite
