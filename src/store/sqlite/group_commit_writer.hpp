#pragma once
// The single writer: one connection, one thread, many writes per durable commit.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "domain/error.hpp"

namespace tribune::store::sqlite {

class Connection;

/// Owns the write connection and a thread that runs every write. Callers queue work and block;
/// the thread takes everything queued (up to max_batch_jobs), runs it in one BEGIN IMMEDIATE ..
/// COMMIT with a SAVEPOINT per job, and only then wakes the callers. So one sync to disk covers a
/// whole batch, and a job that fails rolls back alone. Thread-safe.
class GroupCommitWriter {
public:
    GroupCommitWriter(std::unique_ptr<Connection> db, std::size_t max_batch_jobs);
    /// Finishes the queued jobs, then stops the thread and closes the connection.
    ~GroupCommitWriter();
    GroupCommitWriter(const GroupCommitWriter&) = delete;
    GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

    /// Runs `work(Connection&) -> std::optional<Error>` on the writer thread inside the next batch,
    /// and waits until that batch is committed. Returns nullopt when the work succeeded and is
    /// durable; otherwise the work's own error (its changes rolled back) or kUnavailable when the
    /// batch could not commit or the writer is stopping. An exception thrown by `work` (a bug) is
    /// rethrown here, with the work's changes rolled back.
    template <class F>
    std::optional<domain::Error> run(F&& work) {
        Job job;
        job.fn = [](void* ctx, Connection& db) -> std::optional<domain::Error> {
            return (*static_cast<std::remove_reference_t<F>*>(ctx))(db);
        };
        job.ctx = &work;
        return submit(job);
    }

    /// How many batches have committed; for tests and metrics.
    std::size_t batches_committed() const;

    /// How many jobs wait for the next batch; for tests and metrics.
    std::size_t queued_jobs() const;

private:
    struct Job {
        std::optional<domain::Error> (*fn)(void*, Connection&) = nullptr;
        void* ctx = nullptr;
        std::optional<domain::Error> error;
        std::exception_ptr exception;
        std::promise<void> done;
    };

    std::optional<domain::Error> submit(Job& job);
    void loop();
    void run_batch(const std::vector<Job*>& batch);
    void run_job(Job& job);

    std::unique_ptr<Connection> db_;
    const std::size_t max_batch_jobs_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job*> queue_;
    bool stopping_ = false;
    std::size_t batches_committed_ = 0;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace tribune::store::sqlite
