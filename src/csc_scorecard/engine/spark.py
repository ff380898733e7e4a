"""Running the engine on Spark: the same Ibis expressions, executed by PySpark (`csc-scorecard[spark]`).

A Dataset is loaded and checked on DuckDB; `to_spark` copies each of its tables into the Spark
session as a named, cached temporary view typed like the DuckDB column (DATE, TIMESTAMP_NTZ, BOOLEAN,
string, long, double), and returns the same Dataset bound to an Ibis PySpark backend. The small
tables the engine builds itself (the working calendar, the council × month grid) are registered the
same way by `register_small_table`, so every query reads catalogued relations, not inlined literals.

Date-times are local times that must never shift: the session runs with time zone UTC and
`spark.sql.timestampType=TIMESTAMP_NTZ`, and DATETIME columns are TIMESTAMP_NTZ, so no conversion
happens between the file, DuckDB, Spark and the results.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from csc_scorecard.ingest.dataset import Dataset

# Settings every session the engine uses must have; `session()` sets them on an existing one too.
SESSION_CONFIG = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    # Arrow makes moving tables in (createDataFrame) and results out (toPandas) fast.
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
# Settings for a session this module starts itself (a local one, e.g. for tests and the CLI).
LOCAL_CONFIG = {
    "spark.ui.enabled": "false",
    # The engine's queries are over thousands of rows after the first aggregation: few partitions.
    "spark.sql.shuffle.partitions": "4",
    # Adaptive execution plans a query again at each of its shuffles. The engine's queries are many
    # small jobs, where that costs more than it gains: without it the whole catalogue took 121 s
    # rather than 146 s at three councils (docs/engines-and-bench.md, "Spark"), with the same results.
    "spark.sql.adaptive.enabled": "false",
}

# Names of the temporary views are prefixed per moved dataset, so two datasets share one session.
_dataset_numbers = itertools.count(1)


class SparkUnavailableError(RuntimeError):
    """PySpark (or Java) is not installed: the message says how to install the extra."""


def session(master: str = "local[2]") -> Any:
    """The active SparkSession (or a new local one), configured for the engine.

    Example:
        >>> spark = session("local[2]")
        >>> spark.conf.get("spark.sql.timestampType")
        'TIMESTAMP_NTZ'
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - depends on the installation
        raise SparkUnavailableError(
            "--engine spark needs PySpark and Java 17: pip install 'csc-scorecard[spark]'"
        ) from None
    active = SparkSession.getActiveSession()
    if active is None:
        builder = SparkSession.builder.master(master).appName("csc-scorecard")
        for key, value in {**SESSION_CONFIG, **LOCAL_CONFIG}.items():
            builder = builder.config(key, value)
        active = builder.getOrCreate()
    for key, value in SESSION_CONFIG.items():
        active.conf.set(key, value)
    return active


def backend(spark_session: Any | None = None) -> Any:
    """An Ibis PySpark backend on the session (ibis sets the session time zone to UTC itself too)."""
    import ibis

    return ibis.pyspark.connect(spark_session if spark_session is not None else session())


def is_spark(dataset: Dataset) -> bool:
    return getattr(dataset.backend, "name", "") == "pyspark"


def to_spark(dataset: Dataset, spark_session: Any | None = None) -> Dataset:
    """The same Dataset with every table copied into Spark; loads, coverage and issues are unchanged.

    Example:
        >>> on_spark = to_spark(load_dataset("data/357"))
        >>> compute(on_spark, load_catalogue(), ComputeSettings.for_period("2023-01", engine="spark"))
    """
    if is_spark(dataset):
        return dataset
    spark_backend = backend(spark_session)
    prefix = f"csc{next(_dataset_numbers)}"
    tables = {
        name: register_small_table(spark_backend, f"{prefix}_{name}", table.to_pyarrow())
        for name, table in dataset.tables.items()
    }
    return dataclasses.replace(dataset, tables=tables, backend=spark_backend)


def register_small_table(spark_backend: Any, name: str, table: pa.Table) -> ir.Table:
    """Register an Arrow table as a cached temporary view `name` and return it as an Ibis table.

    "Small" means it fits in the driver: the case-level tables of a few councils, the calendar, the
    grid. Types are set explicitly (never inferred from values, which would lose the type of an
    all-null column).
    """
    spark = spark_backend._session
    arrow = table.cast(_engine_arrow_schema(table.schema))
    schema = spark_schema(arrow.schema)
    frame = (
        spark.createDataFrame(arrow, schema=schema) if arrow.num_rows else spark.createDataFrame([], schema)
    )
    frame.cache().createOrReplaceTempView(name)
    return spark_backend.table(name)


def _engine_arrow_schema(schema: pa.Schema) -> pa.Schema:
    """Integers as int64, large strings as strings, timestamps as naive microseconds."""
    fields = []
    for field in schema:
        type_ = field.type
        if pa.types.is_integer(type_):
            type_ = pa.int64()
        elif pa.types.is_large_string(type_) or pa.types.is_string_view(type_):
            type_ = pa.string()
        elif pa.types.is_floating(type_):
            type_ = pa.float64()
        elif pa.types.is_timestamp(type_):
            if type_.tz is not None:
                raise TypeError(f"column {field.name} has time zone {type_.tz}: date-times must be local")
            type_ = pa.timestamp("us")
        elif pa.types.is_date(type_):
            type_ = pa.date32()
        fields.append(pa.field(field.name, type_, nullable=True))
    return pa.schema(fields)


def spark_schema(schema: pa.Schema) -> Any:
    """The Spark StructType for an Arrow schema of the engine's column types."""
    from pyspark.sql import types as T

    fields = []
    for field in schema:
        type_ = field.type
        spark_type: Any
        if pa.types.is_string(type_):
            spark_type = T.StringType()
        elif pa.types.is_int64(type_):
            spark_type = T.LongType()
        elif pa.types.is_float64(type_):
            spark_type = T.DoubleType()
        elif pa.types.is_boolean(type_):
            spark_type = T.BooleanType()
        elif pa.types.is_date32(type_):
            spark_type = T.DateType()
        elif pa.types.is_timestamp(type_):
            spark_type = T.TimestampNTZType()
        elif pa.types.is_decimal(type_):
            spark_type = T.DecimalType(type_.precision, type_.scale)
        else:
            raise TypeError(f"column {field.name} has type {type_}, which the engine does not move to Spark")
        fields.append(T.StructField(field.name, spark_type, nullable=True))
    return T.StructType(fields)


__all__ = [
    "LOCAL_CONFIG",
    "SESSION_CONFIG",
    "backend",
    "is_spark",
    "register_small_table",
    "session",
    "to_spark",
]
