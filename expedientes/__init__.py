"""El dominio compartido del caso: configuración, base de datos, usuarios y política de roles,
patronos, expedientes, deuda y bitácora de auditoría.

Lo usan las tres capacidades (`correspondencia`, `plantillas`, `archivo`) y la aplicación
(`recupera`); este paquete no importa a ninguno de ellos.
"""

from expedientes.auditoria import instalar_auditoria

instalar_auditoria()
