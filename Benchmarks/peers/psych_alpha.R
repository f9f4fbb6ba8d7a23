# Times R data.table::fread + psych::alpha on a WAI-SR style file (12 items, all scales).
# Usage: Rscript psych_alpha.R FILE
suppressMessages({ library(data.table); library(psych) })
args <- commandArgs(trailingOnly = TRUE)
x <- fread(args[1], showProgress = FALSE)
items <- grep("^waisr_[0-9]+$", names(x), value = TRUE)
a <- psych::alpha(as.data.frame(x[, ..items]), warnings = FALSE)
cat(sprintf("raw_alpha %.6f\n", a$total$raw_alpha))
