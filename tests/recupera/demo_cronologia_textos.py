"""Las fechas escritas dentro de los documentos de la demostración dicen lo mismo que sus fechas:
«San Salvador, 3 de marzo de 2026» es la fecha del documento, lo que cuenta ya pasó, lo que anuncia
(un plazo, una cuota) es después y en día hábil, la carta que responde llegó el día que dice, y la
mora que detalla ya estaba vencida."""

from __future__ import annotations

import re
from datetime import date

from expedientes import es_habil
from tests.recupera.demo_cronologia import Fila, Foto, Revision, dia, fecha_larga, fechas_en

_LUGAR_Y_FECHA = re.compile(r"^[A-ZÁÉÍÓÚÑ][\w .]{2,40}, (\d{1,2} de [a-z]+ de \d{4})\.?$", re.M)
_RECIBIDA = re.compile(r"recibida en este Departamento el (\d{1,2} de [a-z]+ de \d{4})")
_PERIODO = re.compile(r"^(\d{2})/(\d{4})$", re.M)
# Lo que anuncia un plazo o un vencimiento: lo único que puede ser posterior al documento.
_ANUNCIOS = ("a más tardar el ", "vence el ", "y la última el ")


def _cuotas_del_convenio(foto: Foto, numero: str) -> set[date]:
    """Los vencimientos de las cuotas del convenio registrado desde ese documento."""
    convenios = [c for c in foto.filas["convenio"] if c["documento_numero"] == numero]
    ids = {c["id"] for c in convenios}
    return {q["vence_el"] for q in foto.filas["cuota_convenio"] if q["convenio_id"] in ids}


def _fechas_del_texto(r: Revision, foto: Foto, d: Fila) -> None:
    """Lo que ya pasó es de su fecha o antes; lo posterior es un plazo o una cuota que anuncia,
    en día hábil."""
    texto, n = d["texto"], d["numero"]
    cuotas = _cuotas_del_convenio(foto, n)
    for posicion, fecha in fechas_en(texto):
        if fecha <= d["fecha"]:
            continue
        anunciada = texto[:posicion].endswith(_ANUNCIOS) or fecha in cuotas
        r.exigir(anunciada and es_habil(fecha), f"{n} (del {d['fecha']}) escribe el {fecha}")


def _mora_vencida(r: Revision, d: Fila) -> None:
    """Cada periodo del detalle de la mora venció (el 10 del mes siguiente) antes del documento."""
    for m in _PERIODO.finditer(d["texto"]):
        mes, anio = int(m[1]), int(m[2])
        vence = date(anio + mes // 12, mes % 12 + 1, 10)
        r.exigir(vence < d["fecha"], f"{d['numero']} (del {d['fecha']}) cobra {m[0]}, que vence {vence}")  # fmt: skip


def fechas_impresas(foto: Foto) -> Revision:
    """Cada documento generado lleva su lugar y fecha, cuenta el pasado y anuncia el futuro."""
    r = Revision()
    cartas = foto.por("correspondencia", "numero")
    for d in foto.filas["documento_generado"]:
        n, texto = d["numero"], d["texto"]
        lineas = _LUGAR_Y_FECHA.findall(texto)
        r.exigir(lineas == [fecha_larga(d["fecha"])], f"{n} es del {d['fecha']} y dice {lineas}")
        _fechas_del_texto(r, foto, d)
        _mora_vencida(r, d)
        for recibida in _RECIBIDA.findall(texto):
            carta = cartas[d["responde_a"]]
            r.exigir(recibida == fecha_larga(dia(carta["recibido_en"])),
                     f"{n} dice que {carta['numero']} se recibió el {recibida}")  # fmt: skip
    return r


def escaneos_de_su_fecha(foto: Foto) -> Revision:
    """Lo que dice un escaneo (un acuse, un convenio firmado) es de la fecha con que entró al
    expediente."""
    r = Revision()
    for d in foto.filas["documento_expediente"]:
        if d["origen"] != "escaneado":
            continue
        for _, fecha in fechas_en(d["texto"]):
            r.exigir(fecha == d["fecha"], f"«{d['titulo']}» es del {d['fecha']} y dice {fecha}")
    return r


REGLAS_DE_TEXTOS = [fechas_impresas, escaneos_de_su_fecha]
