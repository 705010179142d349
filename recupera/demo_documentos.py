"""Los avisos de cobro de la demostración que aún están en la revisión: uno que el jefe devolvió
con observaciones (redactado hace dos días hábiles, observado al día siguiente), uno en la cola
del jefe (de ayer) y un borrador de hoy, cada uno con su PDF/A real para la vista previa."""

from __future__ import annotations

from plantillas import Parametros, crear_borrador, enviar_a_revision, observar_documento
from recupera.demo_expedientes import Departamento
from recupera.demo_reloj import Historia, habiles_antes, habiles_despues, momento
from recupera.demo_salida import sin_aviso_de_cobro

OBSERVACIONES = "Dé 15 días hábiles de plazo: el patrono ya pidió un convenio."
# (días hábiles atrás en que se redacta, hora, hasta dónde llega en la revisión)
EN_REVISION = [(2, 9, "observado"), (1, 11, "en_revision"), (0, 9, "borrador")]


def historia_del_aviso_en_revision(dep: Departamento, p: Parametros, indice: int) -> Historia:
    """El gestor lo redacta; el que va a revisión sale a los minutos, y el observado vuelve del
    jefe a la mañana siguiente."""
    atras, hora, hasta = EN_REVISION[indice]
    dia = habiles_antes(dep.ultimo, atras)
    yield momento(dia, hora, 10)
    casos = sin_aviso_de_cobro(dep, None)
    if not casos:  # no queda a quién cobrar así: no hay aviso que contar
        return
    caso = casos[0]
    expediente, autor = caso.abierto, dep.gestor_de(caso)
    documento = crear_borrador(session=dep.session, p=p, expediente=expediente,
                               plantilla="aviso_cobro", datos={"plazo_dias": 10}, autor=autor,
                               hoy=dia)  # fmt: skip
    if hasta == "borrador":
        return
    yield momento(dia, hora, 40)
    enviar_a_revision(session=dep.session, p=p, documento=documento, expediente=expediente,
                      usuario=autor)  # fmt: skip
    if hasta == "observado":
        yield momento(min(dep.ultimo, habiles_despues(dia, 1)), 8, 45)
        observar_documento(session=dep.session, documento=documento, expediente=expediente,
                           usuario=dep.personas["jefe"], sha256=documento.docx_sha256,
                           observaciones=OBSERVACIONES)  # fmt: skip
