"""Una historia rota para cada regla de cronología: lo mínimo que hay que cambiar en una foto de la
demostración para que la regla lo vea. Así cada regla prueba que puede fallar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tests.recupera.demo_cronologia import Fila, Foto, Regla, fecha_larga
from tests.recupera.demo_cronologia_casos import (
    cartas_en_orden,
    cerrados_sin_pendientes,
    documentos_en_orden,
    expedientes_en_orden,
    folios_en_orden,
    gestiones_en_su_expediente,
    mora_importada_vencida,
    respuestas_despues_de_la_carta,
    salidas_en_orden,
)
from tests.recupera.demo_cronologia_reglas import (
    bitacora_en_orden,
    correlativos_en_orden,
    en_dias_habiles,
    lo_nombrado_ya_existia,
    nacimiento_en_la_bitacora,
    nada_en_el_futuro,
)
from tests.recupera.demo_cronologia_seguimiento import (
    alertas_despues_del_hecho,
    avisos_despues_del_hecho,
    convenios_en_orden,
    cuotas_vencidas_si_paso_su_fecha,
    pagos_despues_de_firmar,
    sellado_al_final,
)
from tests.recupera.demo_cronologia_textos import escaneos_de_su_fecha, fechas_impresas

UN_DIA, UNA_HORA = timedelta(days=1), timedelta(hours=1)


def _primera(foto: Foto, tabla: str, condicion: Callable[[Fila], bool] = lambda f: True) -> Fila:
    """La primera fila de la tabla que cumple la condición."""
    return next(f for f in sorted(foto.filas[tabla], key=lambda f: f["id"]) if condicion(f))


def _domingo(foto: Foto) -> None:
    gestion = _primera(foto, "gestion")
    gestion["fecha"] += timedelta(days=6 - gestion["fecha"].weekday())


def _bitacora_al_reves(foto: Foto) -> None:
    renglones = [f for f in foto.filas["auditoria"] if f["id"] > foto.inicio_bitacora]
    max(renglones, key=lambda f: f["id"])["cuando"] = renglones[0]["cuando"] - UNA_HORA


def _numeros_cruzados(foto: Foto) -> None:
    primera, segunda = sorted(foto.filas["correspondencia"], key=lambda f: f["numero"])[:2]
    primera["numero"], segunda["numero"] = segunda["numero"], primera["numero"]


def _gestion_antes_del_expediente(foto: Foto) -> None:
    gestion = _primera(foto, "gestion")
    gestion["creado_en"] = foto.por("expediente")[gestion["expediente_id"]]["creado_en"] - UN_DIA


def _respuesta_antes_de_la_carta(foto: Foto) -> None:
    salida = _primera(foto, "saliente", lambda s: s["responde_a_id"] is not None)
    documento = foto.por("documento_generado", "numero")[salida["documento"]]
    foto.por("correspondencia")[salida["responde_a_id"]]["creado_en"] = (
        documento["creado_en"] + UNA_HORA
    )


def _otra_fecha_impresa(foto: Foto) -> None:
    d = _primera(foto, "documento_generado")
    d["texto"] = d["texto"].replace(fecha_larga(d["fecha"]), fecha_larga(d["fecha"] + UN_DIA))


def _vigente_sin_pagar(foto: Foto) -> None:
    vigente = _primera(foto, "convenio", lambda c: c["estado"] == "vigente")
    cuota = _primera(foto, "cuota_convenio", lambda q: q["convenio_id"] == vigente["id"])
    cuota["pagado"], cuota["pagada_el"] = 0, None


def _pago_antes_de_firmar(foto: Foto) -> None:
    aplicado = _primera(foto, "aplicacion_pago")
    firma = foto.por("convenio")[aplicado["convenio_id"]]["firmado_el"]
    foto.por("pago")[aplicado["pago_id"]]["fecha"] = firma - UN_DIA


def _alerta_el_dia_del_vencimiento(foto: Foto) -> None:
    alerta = _primera(foto, "alerta", lambda a: a["tipo"] == "cuota-vencida")
    numero = int(alerta["clave"].split("-")[1])
    cuota = _primera(foto, "cuota_convenio", lambda q: (q["convenio_id"], q["numero"]) == (alerta["convenio_id"], numero))  # fmt: skip
    alerta["creada_el"] = cuota["vence_el"]


def _sellado_antes(foto: Foto) -> None:
    sello = _primera(foto, "sello")
    folios = [d for d in foto.filas["documento_expediente"] if d["expediente_id"] == sello["expediente_id"]]  # fmt: skip
    sello["sellado_en"] = max(d["creado_en"] for d in folios) - UNA_HORA


def _aviso_antes(foto: Foto) -> None:
    aviso = _primera(foto, "aviso", lambda a: a["evento"] == "documento_final")
    documento = foto.por("documento_generado")[int(aviso["referencia"])]
    aviso["creado_en"] = documento["final_en"] - UNA_HORA


def _en_el_futuro(foto: Foto) -> None:
    _primera(foto, "expediente")["abierto_el"] = foto.hoy + UN_DIA


def _nacido_despues(foto: Foto) -> None:
    _primera(foto, "expediente")["creado_en"] += UNA_HORA


def _cerrado_otro_dia(foto: Foto) -> None:
    _primera(foto, "expediente", lambda e: e["cerrado_el"] is not None)["cerrado_el"] += UN_DIA


def _cerrado_con_un_borrador(foto: Foto) -> None:
    cerrado = _primera(foto, "expediente", lambda e: e["etapa"] == "cerrado")
    _primera(foto, "documento_generado", lambda d: d["estado"] == "borrador")["expediente_id"] = cerrado["id"]  # fmt: skip


def _mora_que_aun_no_vence(foto: Foto) -> None:
    _primera(foto, "deuda_periodo")["fecha_limite_pago"] = foto.hoy


def _gestion_antes_de_abrir(foto: Foto) -> None:
    gestion = _primera(foto, "gestion")
    gestion["fecha"] = foto.por("expediente")[gestion["expediente_id"]]["abierto_el"] - UN_DIA


def _registrada_antes_de_llegar(foto: Foto) -> None:
    carta = _primera(foto, "correspondencia")
    carta["creado_en"] = carta["recibido_en"] - UNA_HORA


def _entregada_sin_salir(foto: Foto) -> None:
    _primera(foto, "saliente", lambda s: s["entregado_en"] is not None)["enviado_en"] = None


def _final_sin_aprobar(foto: Foto) -> None:
    _primera(foto, "documento_generado", lambda d: d["final_en"] is not None)["aprobado_en"] = None


def _folio_futuro(foto: Foto) -> None:
    _primera(foto, "documento_expediente")["fecha"] = foto.hoy + UN_DIA


def _escaneo_de_otro_dia(foto: Foto) -> None:
    escaneado = _primera(foto, "documento_expediente", lambda d: d["origen"] == "escaneado" and d["texto"])  # fmt: skip
    escaneado["fecha"] += UN_DIA


def _firmado_despues_de_las_cuotas(foto: Foto) -> None:
    _primera(foto, "convenio")["firmado_el"] = foto.hoy


ROTURAS: dict[Regla, Callable[[Foto], None]] = {
    nada_en_el_futuro: _en_el_futuro,
    en_dias_habiles: _domingo,
    bitacora_en_orden: _bitacora_al_reves,
    nacimiento_en_la_bitacora: _nacido_despues,
    correlativos_en_orden: _numeros_cruzados,
    lo_nombrado_ya_existia: _gestion_antes_del_expediente,
    expedientes_en_orden: _cerrado_otro_dia,
    cerrados_sin_pendientes: _cerrado_con_un_borrador,
    mora_importada_vencida: _mora_que_aun_no_vence,
    gestiones_en_su_expediente: _gestion_antes_de_abrir,
    cartas_en_orden: _registrada_antes_de_llegar,
    salidas_en_orden: _entregada_sin_salir,
    respuestas_despues_de_la_carta: _respuesta_antes_de_la_carta,
    documentos_en_orden: _final_sin_aprobar,
    folios_en_orden: _folio_futuro,
    fechas_impresas: _otra_fecha_impresa,
    escaneos_de_su_fecha: _escaneo_de_otro_dia,
    convenios_en_orden: _firmado_despues_de_las_cuotas,
    cuotas_vencidas_si_paso_su_fecha: _vigente_sin_pagar,
    pagos_despues_de_firmar: _pago_antes_de_firmar,
    alertas_despues_del_hecho: _alerta_el_dia_del_vencimiento,
    sellado_al_final: _sellado_antes,
    avisos_despues_del_hecho: _aviso_antes,
}
