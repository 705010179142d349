"""CSV del sistema central: lectura (codificación, separador, líneas numeradas) y escritura."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from expedientes.errores import ErrorDominio

TAMANO_MAXIMO = 50 * 1024 * 1024
_MONTO = re.compile(r"\$?-?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class FilaCsv:
    """Una fila de datos con el número de línea del archivo donde empieza."""

    linea: int
    campos: dict[str, str]


@dataclass(frozen=True)
class ArchivoCSV:
    """Las filas de un CSV ya decodificado, con la codificación detectada."""

    codificacion: str
    filas: list[FilaCsv]


def decodificar(contenido: bytes) -> tuple[str, str]:
    """UTF-8 (con o sin BOM) o, si no lo es, Windows-1252, como lo guarda una hoja de cálculo."""
    if contenido.startswith(b"\xef\xbb\xbf"):
        try:
            return contenido[3:].decode("utf-8"), "UTF-8 con BOM"
        except UnicodeDecodeError as exc:
            raise ErrorDominio(
                "El archivo empieza como UTF-8 (con BOM) pero tiene bytes que no lo son "
                f"(posición {exc.start + 3}): guárdelo de nuevo como «CSV UTF-8»."
            ) from None
    try:
        return contenido.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return contenido.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise ErrorDominio(
            "El archivo no está en UTF-8 ni en Windows-1252: guárdelo como «CSV UTF-8» "
            f"(byte inválido en la posición {exc.start})."
        ) from None


def leer_csv(contenido: bytes, columnas: tuple[str, ...]) -> ArchivoCSV:
    """Lee el CSV exigiendo exactamente esas columnas (en cualquier orden) en el encabezado."""
    if len(contenido) > TAMANO_MAXIMO:
        raise ErrorDominio(f"El archivo excede {TAMANO_MAXIMO // (1024 * 1024)} MiB.")
    texto, codificacion = decodificar(contenido)
    if not texto.strip():
        raise ErrorDominio("El archivo está vacío.")
    primera = texto.splitlines()[0]
    separador = ";" if primera.count(";") > primera.count(",") else ","
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=separador, strict=True)
    try:
        encabezado = [c.strip().lower() for c in next(lector)]
        problemas = _problemas_de_encabezado(encabezado, columnas)
        if problemas:
            raise ErrorDominio("El encabezado del archivo no es el esperado (línea 1).", problemas)
        filas: list[FilaCsv] = []
        errores: list[str] = []
        ultima = lector.line_num
        for valores in lector:
            inicio, ultima = ultima + 1, lector.line_num
            if not any(v.strip() for v in valores):
                continue
            if len(valores) != len(encabezado):
                errores.append(
                    f"línea {inicio}: tiene {len(valores)} columnas y el encabezado {len(encabezado)}"
                )
                continue
            filas.append(
                FilaCsv(inicio, {c: v.strip() for c, v in zip(encabezado, valores, strict=True)})
            )
    except csv.Error as exc:
        raise ErrorDominio(
            f"El archivo no es un CSV válido cerca de la línea {lector.line_num}: {exc}."
        ) from None
    if errores:
        raise ErrorDominio("El archivo tiene filas mal formadas; no se importó nada.", errores)
    return ArchivoCSV(codificacion, filas)


def _problemas_de_encabezado(encabezado: list[str], columnas: tuple[str, ...]) -> list[str]:
    problemas = []
    faltan = [c for c in columnas if c not in encabezado]
    sobran = [c for c in encabezado if c not in columnas]
    repetidas = sorted({c for c in encabezado if encabezado.count(c) > 1})
    if faltan:
        problemas.append("faltan las columnas: " + ", ".join(faltan))
    if sobran:
        problemas.append("columnas desconocidas: " + ", ".join(sobran))
    if repetidas:
        problemas.append("columnas repetidas: " + ", ".join(repetidas))
    return problemas


def leer_monto(texto: str, campo: str, *, minimo: Decimal = Decimal(0)) -> Decimal:
    """Un monto con punto decimal y hasta dos decimales; ValueError con el motivo si no."""
    if "," in texto:
        raise ValueError(f"{campo} «{texto}»: use punto decimal y sin separador de miles")
    # Decimal() aceptaría «1_000», «1e3», «NaN» o dígitos arábigos: solo se admite 0-9 y un punto.
    if not _MONTO.fullmatch(texto):
        raise ValueError(f"{campo} «{texto}» no es un monto")
    monto = Decimal(texto.removeprefix("$"))
    if monto.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(f"{campo} «{texto}» tiene más de dos decimales")
    if monto < minimo:
        raise ValueError(f"{campo} «{texto}» no puede ser menor que {minimo}")
    if monto >= Decimal("1e12"):
        raise ValueError(f"{campo} «{texto}» es demasiado grande")
    return monto


def leer_campos(
    campos: Mapping[str, str], lectores: Mapping[str, Callable[[str], object]]
) -> tuple[dict[str, object], list[str]]:
    """Lee cada campo con su lector; cada ValueError es un problema de la línea (se dicen todos)."""
    valores: dict[str, object] = {}
    problemas: list[str] = []
    for campo, leer in lectores.items():
        try:
            valores[campo] = leer(campos[campo])
        except ValueError as exc:
            problemas.append(str(exc))
    return valores, problemas


def rechazar_si_hay(errores: list[str]) -> None:
    """Todo o nada: con un solo problema no se importa ninguna fila, y se listan todos."""
    if errores:
        raise ErrorDominio(
            f"El archivo tiene {len(errores)} problema(s); no se importó nada.", errores
        )


def escribir_csv(columnas: tuple[str, ...], filas: list[dict[str, str]]) -> bytes:
    """Un CSV UTF-8 con encabezado, en el formato que leen las importaciones."""
    salida = io.StringIO()
    escritor = csv.DictWriter(salida, fieldnames=columnas, lineterminator="\n")
    escritor.writeheader()
    escritor.writerows(filas)
    return salida.getvalue().encode("utf-8")


# Lo que una hoja de cálculo tomaría por el inicio de una fórmula (inyección en CSV/XLSX).
_INICIO_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def texto_seguro(valor: str) -> str:
    """El texto, con un apóstrofo delante si una hoja de cálculo lo tomaría por una fórmula."""
    return "'" + valor if valor.startswith(_INICIO_DE_FORMULA) else valor


def tabla_csv(encabezado: list[str], filas: list[list[str]]) -> bytes:
    """Una tabla de texto en CSV UTF-8 con BOM (lo que Excel abre bien), sin fórmulas."""
    salida = io.StringIO()
    escritor = csv.writer(salida)
    escritor.writerow(encabezado)
    escritor.writerows([[texto_seguro(v) for v in fila] for fila in filas])
    return ("\ufeff" + salida.getvalue()).encode("utf-8")
