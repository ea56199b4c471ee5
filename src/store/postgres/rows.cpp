#include "store/postgres/rows.hpp"

#include "store/common/rows.hpp"

namespace tribune::store::postgres {

domain::Comment read_comment(const PgResult& r, int row) { return comment_from_row(PgRow{r, row}); }

}  // namespace tribune::store::postgres
