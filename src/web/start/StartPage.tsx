import { BodyLong, BodyShort, Box, Heading, HGrid, List, VStack } from '@navikt/ds-react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { featuresFor, rolesInOrder } from './features.ts';
import { NotificationsPanel } from '../notifications/NotificationsPanel.tsx';

/** One card per role the user holds: what the role does, what is available now, what is coming. */
export function StartPage() {
  const { me, t } = useApp();
  if (!me) return null;
  return (
    <VStack gap="space-24">
      <Heading level="1" size="large">
        {t('start.title', { name: me.name })}
      </Heading>
      <BodyLong>{t('start.intro')}</BodyLong>
      {me.roles.includes('referrer') && <NotificationsPanel />}
      <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
        {rolesInOrder(me.roles).map((role) => {
          const orgs = [...new Set(me.grants.filter((g) => g.role === role).map((g) => g.organizationName))];
          const features = featuresFor(role);
          const available = features.filter((f) => f.path);
          const coming = features.filter((f) => !f.path);
          return (
            <Box key={role} as="section" padding="space-20" borderWidth="1" borderRadius="12" borderColor="neutral-subtle" aria-labelledby={`role-${role}`}>
              <VStack gap="space-12">
                <div>
                  <Heading level="2" size="medium" id={`role-${role}`}>
                    {t(`role.${role}` as MessageKey)}
                  </Heading>
                  <BodyShort size="small" textColor="subtle">
                    {t('start.inOrg', { org: orgs.join(', ') })}
                  </BodyShort>
                </div>
                <BodyLong>{t(`start.${role}` as MessageKey)}</BodyLong>
                {available.length > 0 && (
                  <div>
                    <Heading level="3" size="xsmall" id={`${role}-available`}>
                      {t('start.available')}
                    </Heading>
                    <List as="ul" size="small" aria-labelledby={`${role}-available`}>
                      {available.map((f) => (
                        <List.Item key={f.label}>
                          <AppLink to={f.path!}>{t(f.label)}</AppLink>
                        </List.Item>
                      ))}
                    </List>
                  </div>
                )}
                {coming.length > 0 && (
                  <div>
                    <Heading level="3" size="xsmall" id={`${role}-coming`}>
                      {t('start.comingLater')}
                    </Heading>
                    <List as="ul" size="small" aria-labelledby={`${role}-coming`}>
                      {coming.map((f) => (
                        <List.Item key={f.label}>{t(f.label)}</List.Item>
                      ))}
                    </List>
                  </div>
                )}
              </VStack>
            </Box>
          );
        })}
      </HGrid>
    </VStack>
  );
}
