package alarms

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
)

// RatesByScan is Rates counted from every premise of the campaign, without
// the tallies: what the tallies must agree with.
func (s *Service) RatesByScan(ctx context.Context, id uuid.UUID, groupBy string) (*RateTable, error) {
	c, err := s.client.AlarmCampaign.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.ratesFrom(ctx, c, groupBy, s.Today(ctx), func(ctx context.Context, c *ent.AlarmCampaign, cols []string, day string) ([]premiseGroup, error) {
		var out []premiseGroup
		err := s.client.Premise.Query().Where(campaignPremises(c)...).GroupBy(cols[0], cols[1:]...).
			Aggregate(rateAggregates(c, day, "")...).Scan(ctx, &out)
		return out, err
	})
}
